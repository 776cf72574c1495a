import {
  createScratchSchema,
  PostgresStorage,
  type ScratchSchema,
  testDatabaseAvailable,
} from '@roofline/server'
import type { SessionState } from '@roofline/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { startFailoverProxy } from '../support/failoverProxy.ts'
import { testRedisAvailable, testRedisUrl, uniqueRedisPrefix } from '../support/redisService.ts'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

/**
 * Several server processes serving the same rooms: PostgreSQL shared storage (two processes
 * on one SQLite file would race on appends), Redis fan-out between them, real processes and
 * real clients. Required in CI: with CI=true a missing Redis or PostgreSQL fails the run.
 */
const services = (await testRedisAvailable()) && (await testDatabaseAvailable())

/** What `/api/health` reports of a process's fan-out. */
interface FanoutStats {
  rooms: number
  published: number
  received: number
  filledFromStorage: number
}

async function fanoutStats(server: ServerProcess): Promise<FanoutStats> {
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as { fanout?: FanoutStats }
  if (!health.fanout) throw new Error('the process runs without fan-out')
  return health.fanout
}

const portOf = (server: ServerProcess) => Number(new URL(server.url).port)

/** The one update `change` makes to `doc`. */
function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  let captured: Uint8Array | undefined
  const listener = (update: Uint8Array) => {
    captured = update
  }
  doc.on('update', listener)
  change()
  doc.off('update', listener)
  if (!captured) throw new Error('the change made no update')
  return captured
}

describe.runIf(services)(
  'scale-out: several processes, one Redis, one PostgreSQL',
  { timeout: 120_000 },
  () => {
    let schema: ScratchSchema
    // Three processes for the whole file (each start costs seconds of CPU on a busy machine);
    // every test uses rooms and sessions of its own, and the last one kills A.
    let a: ServerProcess
    let b: ServerProcess
    let c: ServerProcess
    const servers: ServerProcess[] = []
    const dataDirs: string[] = []
    const clients: YClient[] = []
    const controls: ControlClient[] = []
    const client = (server: ServerProcess | string, room: string) => {
      const connected = connectClient(typeof server === 'string' ? server : server.wsUrl, room)
      clients.push(connected)
      return connected
    }
    beforeAll(async () => {
      schema = await createScratchSchema()
      const env = {
        DATABASE_URL: schema.url,
        REDIS_URL: testRedisUrl,
        ROOFLINE_REDIS_PREFIX: uniqueRedisPrefix(),
        // Bursts heavier than one client may send in normal use; the limit is tested apart.
        ROOFLINE_MAX_MESSAGES_PER_SECOND: '1000000',
        ROOFLINE_SNAPSHOT_EVERY: '50',
        ROOFLINE_CHECKPOINT_EVERY: '50',
      }
      // One after the other: started at once they starve each other of CPU.
      for (let i = 0; i < 3; i++) {
        const dataDir = makeDataDir()
        dataDirs.push(dataDir)
        servers.push(await startServerProcess(dataDir, env))
      }
      ;[a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess]
    }, 120_000)
    afterAll(async () => {
      for (const connected of clients) connected.destroy()
      for (const control of controls) control.close()
      for (const server of servers) await server.stop('SIGKILL')
      for (const dir of dataDirs) removeDataDir(dir)
      await schema?.drop()
    })

    it('clients on two processes converge, board and awareness, and a third process sees none of it', async () => {
      const onA = client(a, 'shared-room')
      const onB = client(b, 'shared-room')
      const elsewhere = client(c, 'quiet-room')
      await Promise.all([onA.synced, onB.synced, elsewhere.synced])

      for (let i = 0; i < 40; i++) {
        records(onA.doc).set(`a${i}`, { from: 'A', i })
        records(onB.doc).set(`b${i}`, { from: 'B', i })
      }
      onA.provider.awareness.setLocalStateField('user', { name: 'Ada on A' })
      onB.provider.awareness.setLocalStateField('user', { name: 'Bo on B' })
      await waitFor(
        () => records(onA.doc).size === 80 && records(onB.doc).size === 80,
        'both clients hold all 80 records',
        10_000,
      )
      expect(records(onB.doc).get('a39')).toEqual({ from: 'A', i: 39 })
      expect(records(onA.doc).get('b0')).toEqual({ from: 'B', i: 0 })
      expect(records(onA.doc).toJSON()).toEqual(records(onB.doc).toJSON())

      const names = (client: YClient) =>
        [...client.provider.awareness.getStates().values()].map((state) => state.user?.name).sort()
      await waitFor(
        () => names(onA).join() === 'Ada on A,Bo on B' && names(onB).join() === 'Ada on A,Bo on B',
        'each sees the other process’s client in awareness',
      )

      // A client joining later on B loads from storage plus whatever fans out meanwhile.
      const late = client(b, 'shared-room')
      await late.synced
      await waitFor(() => records(late.doc).size === 80, 'the late client holds everything')

      const [statsA, statsB, statsC] = await Promise.all([fanoutStats(a), fanoutStats(b), fanoutStats(c)])
      expect(statsA.received).toBeGreaterThan(0)
      expect(statsB.received).toBeGreaterThan(0)
      // C follows only its own room, where nobody else is: none of the shared room's traffic.
      expect(statsC).toMatchObject({ rooms: 1, received: 0 })
      const ready = await fetch(`${a.url}/api/ready`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({ ready: true, checks: { storage: 'ok', redis: 'ok' } })
      expect(records(elsewhere.doc).size).toBe(0)
    })

    it('a timer command on process A reaches a client of process B within 250 ms', async () => {
      const { id, links } = await createSession(a.url, {})
      const interviewer = await connectControlClient(a.url, id, tokenOf(links.interviewer))
      const candidate = await connectControlClient(b.url, id, tokenOf(links.candidate))
      controls.push(interviewer, candidate)
      // Both see each other's presence: the adapter counts sockets on every process.
      const bothHere = (state: SessionState | undefined) =>
        state?.participants.filter((p) => p.connected).length === 2
      await waitFor(() => bothHere(interviewer.latest()) && bothHere(candidate.latest()), 'presence')

      // One unmeasured round first: a fresh process's first command pays for compiling its
      // code path (100-200 ms on a busy machine), which says nothing about the fan-out.
      expect(await interviewer.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
      expect(await interviewer.send('timer:command', { command: 'pause' })).toMatchObject({ ok: true })
      const latencies: number[] = []
      for (const command of ['resume', 'pause', 'resume', 'pause'] as const) {
        const before = candidate.states.length
        const sentAt = performance.now()
        const expected = command === 'pause' ? 'paused' : 'running'
        const ack = await interviewer.send('timer:command', { command })
        expect(ack).toMatchObject({ ok: true })
        await waitFor(
          () => candidate.states.slice(before).some((state) => state.timer.status === expected),
          `the candidate on B sees the timer ${expected}`,
        )
        latencies.push(performance.now() - sentAt)
      }
      console.info(`timer command A → client of B: ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`)
      expect(Math.max(...latencies)).toBeLessThan(250)

      // B acts on the state A stored a moment ago: a command B handles right after A's sees it.
      const onB = await connectControlClient(b.url, id, tokenOf(links.interviewer))
      controls.push(onB)
      expect(await interviewer.send('timer:command', { command: 'resume' })).toMatchObject({ ok: true })
      expect(await onB.send('timer:command', { command: 'pause' })).toMatchObject({ ok: true })
      await waitFor(() => interviewer.latest()?.timer.status === 'paused', 'A hears what B did')
    })

    it('an update stored but never published (its process died in between) reaches the other process from storage', async () => {
      const room = 'gap-room'
      const onA = client(a, room)
      await onA.synced
      onA.provider.awareness.setLocalStateField('user', { name: 'here before B loaded the room' })
      // B loads the room now and asks the others for their clients' awareness: its client sees
      // A's cursor at once, not only when A's client next renews it (every 15 s).
      const onB = client(b, room)
      await onB.synced
      await waitFor(
        () =>
          [...onB.provider.awareness.getStates().values()].some(
            (state) => state.user?.name === 'here before B loaded the room',
          ),
        'B’s client sees the cursor of A’s earlier client',
        3000,
      )
      records(onA.doc).set('before', 1)
      await waitFor(() => records(onB.doc).has('before'), 'B follows A')

      // Stored as a process would store it, then the process "dies" before publishing.
      const lost = new Y.Doc()
      Y.applyUpdate(lost, Y.encodeStateAsUpdate(onA.doc))
      const update = captureUpdate(lost, () => records(lost).set('stored, never published', 1))
      const storage = await PostgresStorage.open(schema.url)
      try {
        await storage.appendUpdate(room, { update, at: Date.now(), author: 'editor' })
      } finally {
        await storage.close()
      }
      // The next published update shows B the gap; B reads the missing entry back.
      records(onA.doc).set('after', 1)
      await waitFor(() => records(onB.doc).has('stored, never published'), 'B filled the gap', 10_000)
      expect(records(onB.doc).has('after')).toBe(true)
    })

    it('SIGKILL of process A in a burst: nothing anyone had received is lost, and its clients go on on B', async () => {
      const balancer = await startFailoverProxy([portOf(a), portOf(b)])
      const viaBalancer = `ws://127.0.0.1:${balancer.port}/yjs`
      const room = 'burst-room'
      // Two writers land on A (the balancer's first choice), one on B.
      const writers = [client(viaBalancer, room), client(viaBalancer, room), client(b, room)]
      const watcherOnA = client(viaBalancer, room)
      const watcherOnB = client(b, room)
      const watchers = [watcherOnA, watcherOnB]
      await Promise.all([...writers, ...watchers].map((client) => client.synced))
      writers[0]?.provider.awareness.setLocalStateField('user', { name: 'gone with A' })
      const seesGoneWithA = () =>
        [...watcherOnB.provider.awareness.getStates().values()].some(
          (state) => state.user?.name === 'gone with A',
        )
      await waitFor(seesGoneWithA, 'B’s watcher sees the cursor of a client of A')

      // About 100 updates a second per writer: a busy board, with updates in flight at every
      // stage (stored, published, relayed) when the kill comes.
      let stop = false
      const bursts = writers.map(async (writer, w) => {
        for (let i = 0; !stop && i < 20_000; i++) {
          records(writer.doc).set(`w${w}:${i}`, { w, i })
          if (i % 2 === 1) await new Promise((resolve) => setTimeout(resolve, 20))
        }
      })
      await waitFor(
        () => watchers.every((watcher) => records(watcher.doc).size >= 300),
        'both watchers saw a good part of the burst',
        30_000,
      )
      await a.stop('SIGKILL')
      // A's writers go with it and never resend: what of theirs survives must come from storage.
      for (const writer of writers.slice(0, 2)) writer.provider.disconnect()
      // Let what the dead server had already sent arrive (it, too, had been stored first).
      await new Promise((resolve) => setTimeout(resolve, 300))
      const received = new Set(watchers.flatMap((watcher) => [...records(watcher.doc).keys()]))
      const fromA = [...received].filter((key) => !key.startsWith('w2:'))
      expect(fromA.length).toBeGreaterThan(100)
      stop = true
      await Promise.all(bursts)

      try {
        // A's watcher reconnected through the balancer to B and follows the writer there.
        const last = `w2:${records(writers[2]?.doc ?? watcherOnB.doc).size}`
        records(writers[2]?.doc ?? watcherOnB.doc).set(last, { after: 'the kill' })
        await waitFor(
          () => records(watcherOnA.doc).has(last),
          'the watcher of A, now on B, gets new edits',
          15_000,
        )
        const fresh = client(b, room)
        await fresh.synced
        // A fresh client loads from storage: everything any watcher had received is there.
        const missing = () => [...received].filter((key) => !records(fresh.doc).has(key))
        await waitFor(() => missing().length === 0, 'a fresh client holds all anyone received', 10_000).catch(
          (error) => {
            throw new Error(`${String(error)}: ${missing().length} missing, e.g. ${missing().slice(0, 5)}`)
          },
        )
        await waitFor(
          () =>
            records(watcherOnA.doc).size === records(fresh.doc).size &&
            records(watcherOnB.doc).size === records(fresh.doc).size,
          'the watchers converge with storage',
        )
        expect(records(watcherOnA.doc).toJSON()).toEqual(records(fresh.doc).toJSON())
        // The dead process's client leaves no cursor behind (y-protocols' 30 s awareness timeout).
        await waitFor(() => !seesGoneWithA(), 'the cursor of A’s client clears on B', 45_000)
      } finally {
        await balancer.close()
      }
    })
  },
)
