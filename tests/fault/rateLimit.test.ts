import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectControlClient } from '../support/controlClient.ts'
import { openRawClient, syncUpdateMessage } from '../support/rawYjs.ts'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

/**
 * Per-connection rate limits (token buckets, a burst of one second's worth): a board
 * connection over its rate is closed (1008) and nothing it sent past the limit is applied;
 * a control event over its rate is refused in its acknowledgement. Low limits here, so the
 * numbers are exact.
 */
const MESSAGES_PER_SECOND = 50
const EVENTS_PER_SECOND = 5

/** The most a full bucket lets through in `seconds`: the burst, plus the refill (timing on a busy machine varies). */
const allowance = (rate: number, seconds: number) => Math.floor(rate + rate * seconds) + 1

describe('per-connection rate limits', () => {
  let server: ServerProcess
  let dataDir: string
  const clients: YClient[] = []
  const client = (room: string) => {
    const c = connectClient(server.wsUrl, room)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    dataDir = makeDataDir()
    server = await startServerProcess(dataDir, {
      ROOFLINE_MAX_MESSAGES_PER_SECOND: String(MESSAGES_PER_SECOND),
      ROOFLINE_MAX_CONTROL_EVENTS_PER_SECOND: String(EVENTS_PER_SECOND),
    })
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server.stop('SIGKILL')
    removeDataDir(dataDir)
  })

  it('closes a board connection that floods, applying nothing past the limit; others go on', async () => {
    const watcher = client('limited')
    const polite = client('limited')
    await Promise.all([watcher.synced, polite.synced])
    let politeClosed = false
    polite.provider.on('connection-close', () => {
      politeClosed = true
    })

    // Each message a separate, valid update setting flood:<i>.
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (update: Uint8Array) => updates.push(update))
    for (let i = 0; i < 200; i++) records(source).set(`flood:${i}`, i)
    const flooder = openRawClient(`${server.wsUrl}/limited`)
    await flooder.opened
    const floodStarted = performance.now()
    for (const update of updates) flooder.socket.send(syncUpdateMessage(update))
    expect((await flooder.closed).code).toBe(1008)
    const floodSeconds = (performance.now() - floodStarted) / 1000

    for (let i = 0; i < 30; i++) records(polite.doc).set(`polite:${i}`, i)
    await waitFor(() => records(watcher.doc).has('polite:29'), 'polite writes relayed')
    const flooded = [...records(watcher.doc).keys()].filter((key) => key.startsWith('flood:'))
    // The burst allowance, then nothing: exactly the first n updates, in order.
    expect(flooded.length).toBeGreaterThanOrEqual(MESSAGES_PER_SECOND)
    expect(flooded.length).toBeLessThanOrEqual(allowance(MESSAGES_PER_SECOND, floodSeconds))
    expect(new Set(flooded)).toEqual(new Set(flooded.map((_, i) => `flood:${i}`)))
    const refusals = () => server.logs().filter((l) => l.msg === 'refused message' && l.room === 'limited')
    await waitFor(() => refusals().length > 0, 'the refusal is logged')
    expect(refusals().map((l) => l.reason)).toEqual(['message rate limit exceeded'])
    expect(politeClosed).toBe(false)
  })

  it('loses nothing when a stock client bursts past the limit: it reconnects and resends', async () => {
    const watcher = client('bursty')
    const bursty = client('bursty')
    await Promise.all([watcher.synced, bursty.synced])
    const closed = new Promise<number>((resolve) =>
      bursty.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    )
    for (let i = 0; i < 300; i++) records(bursty.doc).set(`burst:${i}`, { i })
    expect(await closed).toBe(1008)
    await waitFor(() => records(watcher.doc).size === 300, 'every burst write arrives after the reconnect')
    for (let i = 0; i < 300; i++) expect(records(watcher.doc).get(`burst:${i}`)).toEqual({ i })
  })

  it('refuses control events over the rate in their acknowledgement, and accepts again later', async () => {
    const session = await createSession(server.url)
    const interviewer = await connectControlClient(server.url, session.id, tokenOf(session.links.interviewer))
    try {
      const sendStarted = performance.now()
      const acks = await Promise.all(
        Array.from({ length: 12 }, () => interviewer.send('clock:ping', { clientSentAt: 1 })),
      )
      const accepted = acks.filter((ack) => ack.ok).length
      expect(accepted).toBeGreaterThanOrEqual(EVENTS_PER_SECOND)
      const sendSeconds = (performance.now() - sendStarted) / 1000
      expect(accepted).toBeLessThanOrEqual(allowance(EVENTS_PER_SECOND, sendSeconds))
      for (const ack of acks.filter((a) => !a.ok)) {
        expect(ack).toEqual({ ok: false, error: expect.stringMatching(/too many requests/i) })
      }
      const logged = () =>
        server.logs().filter((l) => l.session === session.id && l.reason === 'event rate limit exceeded')
          .length
      await waitFor(() => logged() === 12 - accepted, 'each refusal logged')
      expect(interviewer.socket.connected).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 1000 / EVENTS_PER_SECOND + 50))
      expect(await interviewer.send('clock:ping', { clientSentAt: 2 })).toMatchObject({ ok: true })
    } finally {
      interviewer.close()
    }
  })
})
