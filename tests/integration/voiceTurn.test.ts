import type { IceConfig } from '@roofline/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Coturn, startCoturn } from '../support/coturn.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { turnAllocate } from '../support/turnAllocate.ts'
import { waitFor } from '../support/yClient.ts'

/** A port of this suite's TURN range (127.0.0.1:3479-3489). */
const TURN_PORT = 3479
const SECRET = 'a-turn-secret-for-tests-only'

describe('TURN credentials against a real coturn on loopback', () => {
  let turn: Coturn
  let server: RunningServer

  beforeAll(async () => {
    turn = await startCoturn({ port: TURN_PORT, secret: SECRET, relayPorts: [TURN_PORT + 1, TURN_PORT + 10] })
    server = await startServer({
      ROOFLINE_TURN_URLS: turn.urls.join(','),
      ROOFLINE_TURN_SECRET: SECRET,
      ROOFLINE_TURN_TTL_SECONDS: '120',
      ROOFLINE_ICE_SERVERS: '[{"urls":"stun:127.0.0.1:3479"}]',
    })
  })
  afterAll(async () => {
    await server?.close()
    await turn?.stop()
  })

  async function ice(token: string | null): Promise<Response> {
    const session = await createSession(server.url)
    return fetch(`${server.url}/api/sessions/${session.id}/voice/ice`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    })
  }

  it('hands a seat STUN and TURN with a short-lived credential that coturn accepts', async () => {
    const session = await createSession(server.url)
    const response = await fetch(`${server.url}/api/sessions/${session.id}/voice/ice`, {
      headers: { authorization: `Bearer ${tokenOf(session.links.candidate)}` },
    })
    expect(response.status).toBe(200)
    const config = (await response.json()) as IceConfig
    expect(config.iceServers[0]).toEqual({ urls: 'stun:127.0.0.1:3479' })
    const relay = config.iceServers[1]
    expect(relay?.urls).toEqual(turn.urls)
    expect(relay?.username).toMatch(new RegExp(`^\\d+:${session.id}-guest$`))
    expect(config.expiresAt - Date.now()).toBeGreaterThan(100_000)
    expect(config.expiresAt - Date.now()).toBeLessThanOrEqual(120_000)

    const allocated = await turnAllocate(
      '127.0.0.1',
      TURN_PORT,
      relay?.username ?? '',
      relay?.credential ?? '',
    )
    expect(allocated).toMatchObject({ ok: true })
    expect(allocated.ok && allocated.relayed).toMatch(/^127\.0\.0\.1:348\d$/)
    // coturn logs the allocation from its own thread, possibly after it answered.
    await waitFor(() => turn.allocations() >= 1, 'coturn logged the allocation')
  })

  it('coturn refuses a forged or expired credential', async () => {
    const forged = await turnAllocate(
      '127.0.0.1',
      TURN_PORT,
      `${Math.floor(Date.now() / 1000) + 60}:x-host`,
      'bm90IGl0',
    )
    expect(forged).toMatchObject({ ok: false, code: 401 })
    const session = await createSession(server.url)
    const config = (await (
      await fetch(`${server.url}/api/sessions/${session.id}/voice/ice`, {
        headers: { authorization: `Bearer ${tokenOf(session.links.interviewer)}` },
      })
    ).json()) as IceConfig
    const relay = config.iceServers[1]
    // The same user with an expiry in the past, signed by a key that is not the secret: refused.
    const expired = await turnAllocate(
      '127.0.0.1',
      TURN_PORT,
      `1:${session.id}-host`,
      relay?.credential ?? '',
    )
    expect(expired).toMatchObject({ ok: false, code: 401 })
  })

  it('gives no ICE configuration without a live link of the session', async () => {
    expect((await ice(null)).status).toBe(401)
    expect((await ice('x'.repeat(43))).status).toBe(401)
    const other = await createSession(server.url)
    const session = await createSession(server.url)
    const foreign = await fetch(`${server.url}/api/sessions/${session.id}/voice/ice`, {
      headers: { authorization: `Bearer ${tokenOf(other.links.interviewer)}` },
    })
    expect(foreign.status).toBe(401)
  })
})
