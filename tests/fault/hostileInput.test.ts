import { SqliteStorage } from '@roofline/server'
import { boardDocKeys } from '@roofline/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as hostile from '../support/hostilePayloads.ts'
import { useServerProcesses } from '../support/processFixture.ts'
import { openRawClient, type RawYjsClient, syncUpdateMessage } from '../support/rawYjs.ts'
import {
  controlHandshake,
  healthAfter,
  healthDuring,
  percentile,
  refusalLogged,
  syncLatencies,
} from '../support/serverHealth.ts'
import type { ServerProcess } from '../support/serverProcess.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { connectClient, waitFor, type YClient } from '../support/yClient.ts'

/**
 * The five classes of hostile input issue 17 found (each took the server down or stalled it
 * for every room), at the size that did it and ten times that, each against a real server
 * process on the default limits. After each: `/api/health` answers 200 within a second, a
 * second room keeps syncing with a p99 under 100 ms, and the log names the refusal. The
 * figures (stall, crash) are printed for the report.
 */

/** Message limits raised so the 10x payloads reach the decoders instead of the size limit. */
const ENV = {
  ROOFLINE_MAX_MESSAGE_BYTES: String(32 * 1024 * 1024),
  ROOFLINE_MAX_CONTROL_BYTES: String(4 * 1024 * 1024),
  ROOFLINE_MAX_MESSAGES_PER_SECOND: '1000',
  // The default: the board's own root types only (the test helpers add the tests' own).
  ROOFLINE_ROOT_TYPES: Object.values(boardDocKeys).join(','),
}
/** The sizes that crashed (issue 17) and ten times as large. */
const SCALES = [1, 10] as const

const figures: Record<string, unknown> = {}

/** The after-attack checks every case ends with; records the figures under `label`. */
async function stillServing(
  server: ServerProcess,
  label: string,
  msg: RegExp,
  reason: RegExp,
): Promise<void> {
  const health = await healthAfter(server)
  const serving = !health.exited && health.status === 200
  // A p99 of 100 writes is their one or two slowest: on a loaded host (other test files run
  // beside this one) a single pause of the test process can make it. Up to three rounds: a
  // server still busy with the attack fails all three.
  const rounds: number[] = []
  for (let round = 0; serving && round < 3 && !(Math.min(...rounds) < 100); round++) {
    const latencies = await syncLatencies(server, `bystander-${Object.keys(figures).length}-${round}`)
    rounds.push(Math.round(percentile(latencies, 99) * 10) / 10)
  }
  const p99 = rounds.length > 0 ? Math.min(...rounds) : Number.NaN
  figures[label] = { ...health, p99, rounds }
  console.info(`hostile input ${label}:`, figures[label])
  expect(health.exited, `${label}: the process exited`).toBe(false)
  expect(health.status, `${label}: health`).toBe(200)
  expect(health.ms, `${label}: health answered within a second`).toBeLessThan(1000)
  expect(p99, `${label}: p99 of the second room`).toBeLessThan(100)
  await refusalLogged(server, msg, reason)
}

/** Sends `message` on a raw connection to `room`; resolves once the server closed it or 300 ms passed. */
async function sendHostile(
  server: ServerProcess,
  room: string,
  message: Uint8Array,
  query = '',
): Promise<void> {
  const client = openRawClient(`${server.wsUrl}/${room}${query}`)
  // A server the previous case took down never opens: the checks after this one say so.
  if (!(await opens(client))) return
  client.socket.send(message)
  await Promise.race([client.closed, new Promise((resolve) => setTimeout(resolve, 300))])
  client.socket.terminate()
}

/** Connects a raw client that only asks for the document (sync step 1): the "next client's sync". */
async function nextClientSyncs(server: ServerProcess, room: string): Promise<boolean> {
  const client = openRawClient(`${server.wsUrl}/${room}`)
  if (!(await opens(client))) return false
  const answered = new Promise<boolean>((resolve) =>
    client.socket.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) resolve(true)
    }),
  )
  client.socket.send(new Uint8Array([0, 0, 1, 0]))
  const result = await Promise.race([
    answered,
    client.closed.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
  ])
  client.socket.terminate()
  return result
}

describe('hostile input: any client, no token', () => {
  const fixture = useServerProcesses(ENV)
  const watchers: YClient[] = []
  afterEach(() => {
    for (const watcher of watchers.splice(0)) watcher.destroy()
  })

  for (const scale of SCALES) {
    const depth = 10_000 * scale

    it(`1. awareness state nested ${depth} deep is refused before it is re-encoded`, async () => {
      const server = await fixture.start(fixture.dataDir())
      const state = hostile.deepJsonText(depth)
      await sendHostile(server, 'aware-deep', hostile.awarenessMessage([{ client: 7, clock: 1, state }]))
      // Someone else joining gets the room's awareness re-encoded: the original crash.
      await nextClientSyncs(server, 'aware-deep')
      await stillServing(server, `awareness depth ${depth}`, /refused message/, /nested|deep/)
    }, 60_000)

    it(`2. board content nested ${depth} deep (json, embed, format, any, subdoc) is refused`, async () => {
      const server = await fixture.start(fixture.dataDir())
      for (const kind of Object.keys(hostile.DeepContent) as hostile.DeepContentKind[]) {
        const room = `deep-${kind}`
        await sendHostile(server, room, syncUpdateMessage(hostile.deepContentUpdate(kind, depth)))
        expect(await nextClientSyncs(server, room), `${kind}: the next client syncs`).toBe(true)
        await stillServing(server, `update ${kind} depth ${depth}`, /refused message/, /nested|deep/)
      }
    }, 120_000)

    it(`3. a socket.io handshake with sessionId nested ${depth} deep is refused`, async () => {
      const server = await fixture.start(fixture.dataDir())
      const answer = await controlHandshake(
        server.url,
        `{"sessionId":${hostile.deepJsonText(depth)},"token":"x"}`,
      )
      expect(typeof answer === 'string' ? answer.slice(0, 2) : answer).toBe('44')
      await stillServing(server, `handshake depth ${depth}`, /refused control connection/, /session link/)
    }, 60_000)

    const roots = 64_000 * scale

    it(`4a. one update creating ${roots} root types is refused`, async () => {
      const server = await fixture.start(fixture.dataDir())
      await sendHostile(server, 'roots', syncUpdateMessage(hostile.manyRootsUpdate(roots)))
      await stillServing(server, `update ${roots} root types`, /refused message/, /root type/)
      expect(await nextClientSyncs(server, 'roots')).toBe(true)
    }, 120_000)

    it(`4b. an archive whose board creates ${roots} root types is refused`, async () => {
      const server = await fixture.start(fixture.dataDir())
      const session = await createSession(server.url)
      const recording = await fetch(`${server.url}/api/sessions/${session.id}/recording`, {
        headers: { authorization: `Bearer ${tokenOf(session.links.interviewer)}` },
      })
      const archive = (await recording.json()) as { log: unknown[] }
      const update = Buffer.from(hostile.manyRootsUpdate(roots)).toString('base64')
      archive.log = [{ seq: 1, at: Date.now(), author: 'candidate', update }]
      const importing = fetch(`${server.url}/api/archives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(archive),
      })
      await new Promise((resolve) => setTimeout(resolve, 300))
      await stillServing(server, `archive ${roots} root types`, /refused archive/, /root type/)
      const answer = await importing
      expect(answer.status).toBe(400)
      expect(((await answer.json()) as { error: string }).error).toMatch(/root type/)
    }, 120_000)

    const fakes = 15_000 * scale

    it(`5. awareness for ${fakes} made-up clients is refused; no spoofed presence, no cursor flood`, async () => {
      const server = await fixture.start(fixture.dataDir())
      const session = await createSession(server.url)
      const watcher = connectClient(server.wsUrl, session.id, {
        params: { token: tokenOf(session.links.observer) },
      })
      watchers.push(watcher)
      await watcher.synced
      const spoofed = new Set<string>()
      watcher.provider.awareness.on('change', () => {
        for (const state of watcher.provider.awareness.getStates().values()) {
          const name = (state as { presence?: { userName?: string } }).presence?.userName
          if (name) spoofed.add(name)
        }
      })
      const query = `?token=${tokenOf(session.links.candidate)}`
      for (let message = 0; message < 3; message++) {
        const entries: hostile.AwarenessEntry[] = Array.from({ length: fakes }, (_, i) => ({
          client: 1_000_000 + message * fakes + i,
          clock: 1,
          state: JSON.stringify({
            presence: { userName: 'Interviewer (spoofed)', color: '#f00', cursor: { x: i, y: message } },
          }),
        }))
        await sendHostile(server, session.id, hostile.awarenessMessage(entries), query)
      }
      await stillServing(server, `awareness ${fakes} clients x3`, /refused message/, /awareness client/)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const events = await recordedCursors(server, session.id, tokenOf(session.links.interviewer))
      figures[`cursor events after ${fakes} clients x3`] = events
      expect(events).toBeLessThanOrEqual(2)
      expect(spoofed.has('Interviewer (spoofed)')).toBe(false)
    }, 120_000)
  }

  it('6. a connection flooding costly valid updates is cut off by its budget, not served at the others’ expense', async () => {
    // On the default budgets: the CPU time its messages take is what cuts it off.
    const server = await fixture.start(fixture.dataDir())
    const updates = costlyUpdates(60)
    const flooder = openRawClient(`${server.wsUrl}/flood`)
    await flooder.opened
    const health = healthDuring(server)
    for (const update of updates) flooder.socket.send(syncUpdateMessage(update))
    const closed = await Promise.race([
      flooder.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
    ])
    // Everything the flood made the server do (storing, checkpoints) counts, not only until the close.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const slowestHealth = await health.stop()
    figures['costly update flood: slowest health check during it (ms)'] = slowestHealth
    console.info('hostile input costly update flood: slowest health check during it', slowestHealth, 'ms')
    expect(closed?.code).toBe(1008)
    // While it lasts (the bound, a second, holds after it: stillServing). Alone on a
    // quiet host the slowest answer is 130-210 ms; other work on two cores doubles that or more.
    expect(slowestHealth).toBeLessThan(2000)
    await stillServing(server, 'costly update flood', /refused message/, /server time limit|byte rate limit/)
  }, 120_000)

  for (const [kind, update] of [
    ['deletions', () => hostile.pendingDeletesUpdate(300_000)],
    ['items', () => hostile.pendingStructsUpdate(1000, 1000)],
  ] as const) {
    it(`7. ${kind} that wait for changes the board lacks are refused past a bound; the room stays fast`, async () => {
      // Yjs keeps such a change pending and reads it again with every later update of the
      // room (and every joining client gets it): 1.2 MB of pending deletions made every write
      // to the room cost the server some 60 ms, for good, stored and reloaded with the room.
      const server = await fixture.start(fixture.dataDir())
      await sendHostile(server, 'pending', syncUpdateMessage(update()))
      await refusalLogged(server, /refused message/, /board has up to/)
      const latencies = await syncLatencies(server, 'pending', 50)
      figures[`pending ${kind}: p99 of the attacked room`] = percentile(latencies, 99)
      expect(percentile(latencies, 50), 'p50 of writes to the attacked room').toBeLessThan(30)
      await stillServing(server, `pending ${kind}`, /refused message/, /board has up to/)
    }, 60_000)
  }

  it('8. a template file nested deep (whole, or in its free-form starter diagram) is refused with a clear error', async () => {
    const server = await fixture.start(fixture.dataDir())
    for (const depth of [5_000, 10_000, 100_000]) {
      for (const body of [
        hostile.deepJsonText(depth),
        `{"id":"deep-${depth}","starterDiagram":[{"props":${hostile.deepJsonText(depth)}}]}`,
      ]) {
        const answer = await fetch(`${server.url}/api/templates`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
        expect(answer.status, `${body.slice(0, 40)}: status`).toBe(400)
        expect(((await answer.json()) as { error: string }).error).toMatch(/nested deeper than/)
      }
    }
    await stillServing(server, 'deep template file', /refused template/, /nested deeper/)
  }, 60_000)

  it('6b. a client flooding costly updates over 16 connections is cut off by its address’s budget', async () => {
    // Each connection keeps within its own budget (an update of ~50 ms every 250 ms); together
    // they asked 3 s of server time a second: health stalled 1.3 s, the others' p99 0.7 s.
    // The flooders come through a trusted proxy from one address; the bystanders do not.
    const server = await fixture.start(fixture.dataDir(), {
      ROOFLINE_TRUST_PROXY: '127.0.0.1',
      ROOFLINE_ADDRESS_CPU_MS_PER_SECOND: '400',
    })
    const updates = costlyUpdates(30)
    const flooders = Array.from({ length: 16 }, (_, c) =>
      openRawClient(`${server.wsUrl}/flood-${c}`, { 'x-forwarded-for': '203.0.113.66' }),
    )
    await Promise.all(flooders.map((flooder) => flooder.opened))
    const health = healthDuring(server)
    await Promise.all(
      flooders.map(async (flooder) => {
        for (const update of updates) {
          if (flooder.socket.readyState !== flooder.socket.OPEN) return
          flooder.socket.send(syncUpdateMessage(update))
          await new Promise((resolve) => setTimeout(resolve, 250))
        }
      }),
    )
    // A loaded host runs the server late: give it time to reach the flood's messages. Not all
    // are cut: once the address is held to its share, the rest may go on within it.
    const codes: number[] = []
    const closes = flooders.map((flooder) => flooder.closed.then((closed) => codes.push(closed.code)))
    await Promise.race([Promise.all(closes), new Promise((resolve) => setTimeout(resolve, 20_000))])
    const slowestHealth = await health.stop()
    const cut = codes.filter((code) => code === 1008).length
    figures['16-connection flood: slowest health check, connections cut'] = [slowestHealth, cut]
    console.info('hostile input 16-connection flood: slowest health', slowestHealth, 'ms;', cut, 'cut off')
    for (const flooder of flooders) flooder.socket.terminate()
    expect(cut, 'flooding connections cut off').toBeGreaterThan(0)
    // While it lasts, as in case 6 (alone on a quiet host: 480-660 ms).
    expect(slowestHealth).toBeLessThan(2000)
    await stillServing(server, '16-connection flood', /refused message/, /its address/)
  }, 120_000)

  for (const [kind, log] of [
    // 1.6 MB: pending deletions Yjs read again with each of the 300 updates after them (8.2 s).
    [
      'deletions left pending, then 300 updates',
      () => [hostile.pendingDeletesUpdate(300_000), ...mapUpdates(300)],
    ],
    // 11 MB of small valid updates, replayed in one go (20 s for twice as many).
    ['small updates up to the default entry limit (100,000 with its events)', () => mapUpdates(100_000)],
  ] as const) {
    it(`4c. an archive of ${kind} does not stall the server while it is imported`, async () => {
      const server = await fixture.start(fixture.dataDir())
      const session = await createSession(server.url)
      const recording = await fetch(`${server.url}/api/sessions/${session.id}/recording`, {
        headers: { authorization: `Bearer ${tokenOf(session.links.interviewer)}` },
      })
      const archive = (await recording.json()) as { log: unknown[]; events: unknown[] }
      // ROOFLINE_MAX_ARCHIVE_ENTRIES (100,000 by default) counts the log and the events.
      archive.log = log()
        .slice(0, 100_000 - archive.events.length)
        .map((update, i) => ({
          seq: i + 1,
          at: Date.now(),
          author: 'candidate',
          update: Buffer.from(update).toString('base64'),
        }))
      const health = healthDuring(server)
      const answer = await fetch(`${server.url}/api/archives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(archive),
      })
      const slowestHealth = await health.stop()
      figures[`archive of ${kind}: status, slowest health check (ms)`] = [answer.status, slowestHealth]
      console.info(`hostile input archive of ${kind}:`, answer.status, 'slowest health', slowestHealth, 'ms')
      // While it lasts, as in case 6 (alone on a quiet host: up to ~0.8 s for the largest).
      expect(slowestHealth).toBeLessThan(2000)
      expect(answer.status).toBe(kind.startsWith('deletions') ? 400 : 201)
    }, 120_000)
  }

  it('5b. a connection may not update or remove the awareness state of another connection', async () => {
    const server = await fixture.start(fixture.dataDir())
    const victim = fixture.client(server, 'presence')
    const watcher = fixture.client(server, 'presence')
    await Promise.all([victim.synced, watcher.synced])
    victim.provider.awareness.setLocalState({ presence: { userName: 'Candidate' } })
    const id = victim.doc.clientID
    const nameSeen = () =>
      (watcher.provider.awareness.getStates().get(id) as { presence?: { userName?: string } } | undefined)
        ?.presence?.userName
    await waitFor(() => nameSeen() === 'Candidate', 'the watcher sees the victim')
    const spoof = JSON.stringify({ presence: { userName: 'Interviewer (spoofed)' } })
    await sendHostile(
      server,
      'presence',
      hostile.awarenessMessage([{ client: id, clock: 1000, state: spoof }]),
    )
    await sendHostile(
      server,
      'presence',
      hostile.awarenessMessage([{ client: id, clock: 1001, state: 'null' }]),
    )
    await refusalLogged(server, /refused awareness change/, /another connection/)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(nameSeen()).toBe('Candidate')
  }, 60_000)

  it('a poisoned update written straight into storage is quarantined; the rest of the room loads', async () => {
    const dataDir = fixture.dataDir()
    const first = await fixture.start(dataDir)
    const writer = fixture.client(first, 'poisoned')
    await writer.synced
    writer.doc.getMap<string>('calc').set('before', 'kept')
    await new Promise((resolve) => setTimeout(resolve, 300))
    writer.destroy()
    expect(await first.stop('SIGTERM')).toBe(0)

    const storage = SqliteStorage.inDirectory(dataDir)
    await storage.appendUpdate('poisoned', {
      update: hostile.deepContentUpdate('embed', 10_000, 'calc'),
      at: Date.now(),
      author: 'candidate',
    })
    const later = new Y.Doc()
    later.getMap<string>('calc').set('after', 'kept too')
    await storage.appendUpdate('poisoned', {
      update: Y.encodeStateAsUpdate(later),
      at: Date.now(),
      author: 'host',
    })
    await storage.close()

    const server = await fixture.start(dataDir)
    expect(await nextClientSyncs(server, 'poisoned')).toBe(true)
    const reader = fixture.client(server, 'poisoned')
    await reader.synced
    expect(reader.doc.getMap('calc').get('before')).toBe('kept')
    expect(reader.doc.getMap('calc').get('after')).toBe('kept too')
    await stillServing(server, 'poisoned stored update', /quarantined/, /nested|deep/)
    later.destroy()
  }, 60_000)

  it('a poisoned stored snapshot is quarantined; the room is rebuilt from its whole log', async () => {
    const dataDir = fixture.dataDir()
    const storage = SqliteStorage.inDirectory(dataDir)
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    for (let i = 0; i < 5; i++) doc.getMap<number>('calc').set(`k${i}`, i)
    for (const update of updates)
      await storage.appendUpdate('snapshot-poisoned', { update, at: 1, author: 'host' })
    const state = hostile.deepContentUpdate('any', 100_000, 'calc')
    await storage.saveSnapshot('snapshot-poisoned', { state, seq: updates.length, at: 1 })
    await storage.close()
    doc.destroy()

    const server = await fixture.start(dataDir)
    const reader = fixture.client(server, 'snapshot-poisoned')
    await reader.synced
    expect(reader.doc.getMap('calc').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 })
    await stillServing(server, 'poisoned stored snapshot', /quarantined/, /nested|deep/)
  }, 60_000)

  it('a room attacked before a restart loads and serves after it', async () => {
    const dataDir = fixture.dataDir()
    const first = await fixture.start(dataDir)
    await sendHostile(
      first,
      'restarted',
      syncUpdateMessage(hostile.deepContentUpdate('embed', 10_000, 'calc')),
    )
    await first.stop('SIGTERM')
    const server = await fixture.start(dataDir)
    expect(await nextClientSyncs(server, 'restarted')).toBe(true)
    const health = await healthAfter(server)
    expect(health.status).toBe(200)
  }, 60_000)
})

/** `count` updates each setting 10,000 entries: valid, small on the wire, costly to apply. */
function costlyUpdates(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, n) => {
    const doc = new Y.Doc()
    doc.transact(() => {
      for (let i = 0; i < 10_000; i++) doc.getMap<number>('calc').set(`f${n}-${i}`, i)
    })
    const update = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return update
  })
}

/** `count` small updates of one client, each setting a key of the calculators' map. */
function mapUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < count; i++) doc.getMap<number>('calc').set(`k${i % 1000}`, i)
  doc.destroy()
  return updates
}

/** Whether `client` connected (false when refused or when nobody listens any more). */
function opens(client: RawYjsClient): Promise<boolean> {
  return Promise.race([
    client.opened.then(
      () => true,
      () => false,
    ),
    client.closed.then(() => false),
  ])
}

/** How many cursor events the session's recording holds. */
async function recordedCursors(server: ServerProcess, id: string, token: string): Promise<number> {
  const response = await fetch(`${server.url}/api/sessions/${id}/recording`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const recording = (await response.json()) as { events: Array<{ type: string }> }
  return recording.events.filter((event) => event.type === 'cursor').length
}
