import { SessionService } from '@roofline/server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { waitFor } from '../support/yClient.ts'

/**
 * The session cache of one process: storage stays the authority (another process may have
 * changed a session a moment ago), and a session with no control connection leaves memory.
 */
describe('session cache', () => {
  let server: RunningServer
  const clients: ControlClient[] = []
  beforeEach(async () => {
    server = await startServer()
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await server.close()
  })

  it('evicts a session once its last control connection closed', async () => {
    const { id, links } = await createSession(server.url)
    const first = await connectControlClient(server.url, id, tokenOf(links.interviewer))
    const second = await connectControlClient(server.url, id, tokenOf(links.candidate))
    clients.push(first, second)
    await waitFor(() => server.sessions.cachedSessionCount === 1, 'the session is cached')
    first.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(server.sessions.cachedSessionCount).toBe(1)
    second.close()
    await waitFor(() => server.sessions.cachedSessionCount === 0, 'the session left the cache')
    // It comes back from storage, as it was.
    const again = await connectControlClient(server.url, id, tokenOf(links.interviewer))
    clients.push(again)
    await waitFor(() => again.latest()?.id === id, 'state after reload')
  })

  it('acts on what another process stored a moment ago, not on its cached copy', async () => {
    const { id, links } = await createSession(server.url)
    const interviewer = await connectControlClient(server.url, id, tokenOf(links.interviewer))
    clients.push(interviewer)
    await waitFor(() => interviewer.latest()?.timer.status === 'idle', 'initial state')
    // A second service on the same storage is another process as far as storage can tell.
    const other = new SessionService({ storage: server.storage, templates: server.sessions.templates })
    expect(await other.command(id, 'host', 'timer:command', { command: 'start' })).toMatchObject({ ok: true })
    // This process's cached copy still says idle; pausing works only if it reads storage first.
    expect(await interviewer.send('timer:command', { command: 'pause' })).toMatchObject({ ok: true })
    await waitFor(() => interviewer.latest()?.timer.status === 'paused', 'paused')
  })

  it('two processes revealing at the same moment both land: neither save overwrites the other', async () => {
    const { id } = await createSession(server.url)
    const { templates } = server.sessions
    const cards = templates.get(templates.defaultId)?.cards.map((card) => card.id) ?? []
    expect(cards.length).toBeGreaterThanOrEqual(2)
    // A second service on the same storage is another process as far as storage can tell; both
    // read the session before either saves.
    const other = new SessionService({ storage: server.storage, templates })
    const acks = await Promise.all([
      server.sessions.command(id, 'host', 'card:reveal', { itemId: cards[0] ?? '' }),
      other.command(id, 'host', 'card:reveal', { itemId: cards[1] ?? '' }),
    ])
    for (const ack of acks) expect(ack).toMatchObject({ ok: true })
    const stored = (await server.storage.loadSession(id))?.data as { revealed: Array<{ id: string }> }
    expect(stored.revealed.map((item) => item.id).sort()).toEqual(cards.slice(0, 2).sort())
  })
})
