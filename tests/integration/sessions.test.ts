import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type CreateSessionResponse, tokenFromHash } from '@roofline/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

const tokenOf = (link: string) => tokenFromHash(new URL(link).hash) ?? ''

describe('interview sessions over real sockets', () => {
  let server: RunningServer
  const controls: ControlClient[] = []
  const boards: YClient[] = []

  beforeEach(async () => {
    server = await startServer()
  })
  afterEach(async () => {
    for (const c of controls.splice(0)) c.close()
    for (const b of boards.splice(0)) b.destroy()
    await server.close()
  })

  async function createSession(body: object = {}): Promise<CreateSessionResponse> {
    const response = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(201)
    return (await response.json()) as CreateSessionResponse
  }
  async function control(session: CreateSessionResponse, role: keyof CreateSessionResponse['links']) {
    const client = await connectControlClient(server.url, session.id, tokenOf(session.links[role]))
    controls.push(client)
    await waitFor(() => client.states.length > 0, `${role} receives the session state`)
    return client
  }
  function board(session: CreateSessionResponse, role: keyof CreateSessionResponse['links']) {
    const client = connectClient(server.wsUrl, session.id, {
      params: { token: tokenOf(session.links[role]) },
    })
    boards.push(client)
    return client
  }

  it('creates a session from {} with three links, each with its own >=128-bit token, storing only hashes', async () => {
    const session = await createSession()
    const tokens = Object.values(session.links).map(tokenOf)
    expect(new Set(tokens).size).toBe(3)
    for (const [role, link] of Object.entries(session.links)) {
      expect(link, role).toMatch(new RegExp(`^${server.url}/s/${session.id}#token=[A-Za-z0-9_-]{43}$`))
    }
    const database = readFileSync(path.join(server.dataDir, 'roofline.sqlite')).toString('latin1')
    const wal = readFileSync(path.join(server.dataDir, 'roofline.sqlite-wal')).toString('latin1')
    for (const token of tokens) expect(database + wal).not.toContain(token)
  })

  it('refuses a bad create request with the field named, and changes nothing', async () => {
    const response = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'party', names: { interviewer: '' } }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { issues: string[] }
    expect(body.issues.join('\n')).toMatch(/mode/)
    expect(body.issues.join('\n')).toMatch(/names\.interviewer/)
    const unknown = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ templateId: 'no-such-template' }),
    })
    expect(unknown.status).toBe(400)
  })

  it('lets only the interviewer control the timer; everyone gets the same state', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    const candidate = await control(session, 'candidate')
    const refused = await candidate.send('timer:command', { command: 'start' })
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/only the interviewer/i) })
    expect(candidate.latest()?.timer.status).toBe('idle')

    expect(await interviewer.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
    await waitFor(() => candidate.latest()?.timer.status === 'running', 'candidate sees the timer running')
    expect(candidate.latest()?.timer).toEqual(interviewer.latest()?.timer)
    expect(candidate.latest()?.you).toEqual({ seat: 'guest', role: 'candidate' })
  })

  it('lets only the interviewer allow example diagrams; the choice is stored and reaches everyone', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    const candidate = await control(session, 'candidate')
    expect(candidate.latest()?.examplesAllowed).toBe(false)
    // The candidate cannot give themself the examples (nor the observer them).
    const refused = await candidate.send('session:examples', { allowed: true })
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/only the interviewer/i) })
    const observer = await control(session, 'observer')
    expect(await observer.send('session:examples', { allowed: true })).toMatchObject({ ok: false })
    expect(await interviewer.send('session:examples', { allowed: 'yes' })).toMatchObject({ ok: false })
    expect(candidate.latest()?.examplesAllowed).toBe(false)

    expect(await interviewer.send('session:examples', { allowed: true })).toMatchObject({ ok: true })
    await waitFor(() => candidate.latest()?.examplesAllowed === true, 'the candidate hears it is allowed')
    // Stored: a new connection (a reload) gets it too.
    const again = await control(session, 'candidate')
    expect(again.latest()?.examplesAllowed).toBe(true)
    expect(await candidate.send('session:examples', { allowed: false })).toMatchObject({ ok: false })
    expect(await interviewer.send('session:examples', { allowed: false })).toMatchObject({ ok: true })
    await waitFor(() => again.latest()?.examplesAllowed === false, 'and when it is taken back')
  })

  it('"bring everyone to me": only the interviewer may gather the room; the others hear whom to follow, the sender does not', async () => {
    const session = await createSession({ names: { interviewer: 'Ana', candidate: 'Ben' } })
    const interviewer = await control(session, 'interviewer')
    const candidate = await control(session, 'candidate')
    const observer = await control(session, 'observer')
    const heard = new Map<ControlClient, unknown[]>()
    for (const client of [interviewer, candidate, observer]) {
      const got: unknown[] = []
      heard.set(client, got)
      client.socket.on('room:gathered', (payload: unknown) => got.push(payload))
    }
    // Refused from every other seat, with the reason, and nobody is moved.
    for (const [who, client] of [
      ['candidate', candidate],
      ['observer', observer],
    ] as const) {
      expect(await client.send('room:gather', { boardUserId: 'user:ben' }), who).toEqual({
        ok: false,
        error: expect.stringMatching(/only the interviewer/i),
      })
    }
    // A malformed one is refused too.
    expect(await interviewer.send('room:gather', { boardUserId: '' })).toMatchObject({ ok: false })
    expect(await interviewer.send('room:gather', { boardUserId: 'x', extra: 1 })).toMatchObject({ ok: false })
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (const [client, got] of heard) expect(got, String(client === candidate)).toEqual([])

    const ack = await interviewer.send('room:gather', { boardUserId: 'user:ana-board' })
    expect(ack).toEqual({ ok: true, value: { byName: 'Ana', boardUserId: 'user:ana-board' } })
    const expected = { byName: 'Ana', boardUserId: 'user:ana-board' }
    await waitFor(() => (heard.get(candidate)?.length ?? 0) > 0, 'the candidate hears the gather')
    await waitFor(() => (heard.get(observer)?.length ?? 0) > 0, 'the observer hears the gather')
    expect(heard.get(candidate)).toEqual([expected])
    expect(heard.get(observer)).toEqual([expected])
    expect(heard.get(interviewer)).toEqual([])

    // Once the session has ended, nobody gathers anyone.
    expect(await interviewer.send('session:end', {})).toMatchObject({ ok: true })
    expect(await interviewer.send('room:gather', { boardUserId: 'user:ana-board' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/ended/),
    })
  })

  it('refuses timer commands out of order and malformed or unknown events, changing nothing', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    const before = interviewer.latest()
    expect(await interviewer.send('timer:command', { command: 'pause' })).toMatchObject({ ok: false })
    expect(await interviewer.send('timer:command', { command: 'explode' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/command/),
    })
    expect(await interviewer.send('timer:command', { command: 'extend', minutes: 999 })).toMatchObject({
      ok: false,
    })
    expect(await interviewer.send('card:reveal', { itemId: '<script>alert(1)</script>' })).toMatchObject({
      ok: false,
    })
    expect(await interviewer.send('card:reveal', { itemId: 'no-such-card' })).toMatchObject({ ok: false })
    expect(await interviewer.send('note:add', { text: '' })).toMatchObject({ ok: false })
    expect(
      await interviewer.send('score:set', { criterionId: 'clarify', score: 9, comment: '' }),
    ).toMatchObject({
      ok: false,
    })
    expect(await interviewer.send('launch:missiles', {})).toMatchObject({ ok: false, error: /Unknown event/ })
    expect(await interviewer.send('session:swap', {})).toMatchObject({ ok: false, error: /peer/ })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(interviewer.latest()?.timer).toEqual(before?.timer)
    expect(interviewer.latest()?.revealed).toEqual([])
  })

  it('drops an oversized control message by closing that connection only', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    const candidate = await control(session, 'candidate')
    const closed = new Promise<string>((resolve) =>
      candidate.socket.on('disconnect', (reason) => resolve(reason)),
    )
    candidate.socket.emit('note:add', { text: 'x'.repeat(200_000) })
    expect(await closed).toMatch(/transport/)
    expect(await interviewer.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
  })

  it('sends no hidden material to the candidate or observer on any channel until it is revealed', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    const candidate = await control(session, 'candidate')
    const observer = await control(session, 'observer')
    // Raw board sockets too: what they receive is checked byte for byte.
    const rawBoard = (role: 'candidate' | 'observer') => {
      const received: Buffer[] = []
      const socket = new WebSocket(`${server.wsUrl}/${session.id}?token=${tokenOf(session.links[role])}`)
      socket.on('message', (data: Buffer) => received.push(data))
      return { socket, text: () => Buffer.concat(received).toString('utf8') }
    }
    const candidateBoard = rawBoard('candidate')
    const observerBoard = rawBoard('observer')
    const interviewerBoard = board(session, 'interviewer')
    await interviewerBoard.synced
    records(interviewerBoard.doc).set('shape:1', { label: 'load balancer' })

    expect(interviewer.privates.at(-1)?.cards.map((c) => c.body)).toContain(
      'SECRET-CARD a rack of H100s fails',
    )
    expect(await interviewer.send('note:add', { text: 'SECRET-NOTE candidate skipped QPS' })).toMatchObject({
      ok: true,
    })
    expect(
      await interviewer.send('score:set', { criterionId: 'clarify', score: 2, comment: 'SECRET-SCORE weak' }),
    ).toMatchObject({ ok: true })
    expect(await interviewer.send('card:reveal', { itemId: 'budget' })).toMatchObject({ ok: true })
    await waitFor(() => candidate.latest()?.revealed.length === 1, 'candidate receives the revealed card')
    await waitFor(() => candidateBoard.text().includes('load balancer'), 'candidate board synced')
    await waitFor(() => observerBoard.text().includes('load balancer'), 'observer board synced')

    for (const [who, wire] of [
      ['candidate', candidate.wire.join('\n') + candidateBoard.text()],
      ['observer', observer.wire.join('\n') + observerBoard.text()],
    ] as const) {
      expect(wire, who).toContain('SECRET-BUDGET 400 H100s at most')
      for (const hidden of ['SECRET-CARD', 'SECRET-ANSWER', 'SECRET-RUBRIC', 'SECRET-NOTE', 'SECRET-SCORE']) {
        expect(wire, `${who} must not receive ${hidden}`).not.toContain(hidden)
      }
    }
    expect(candidate.privates.every((p) => p === null)).toBe(true)
    const templates = await (await fetch(`${server.url}/api/templates`)).text()
    expect(templates).not.toContain('SECRET')
    candidateBoard.socket.close()
    observerBoard.socket.close()
  })

  it('drops an observer’s board writes: the other clients never see them', async () => {
    const session = await createSession()
    const interviewer = board(session, 'interviewer')
    const candidate = board(session, 'candidate')
    const observer = board(session, 'observer')
    await Promise.all([interviewer.synced, candidate.synced, observer.synced])
    records(observer.doc).set('observer-scribble', true)
    records(candidate.doc).set('candidate-shape', true)
    await waitFor(() => records(interviewer.doc).has('candidate-shape'), 'candidate write relayed')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(records(interviewer.doc).has('observer-scribble')).toBe(false)
    expect(records(candidate.doc).has('observer-scribble')).toBe(false)
    const log = await server.storage.readLog(session.id, 0, 100)
    expect(log.map((entry) => entry.author)).not.toContain('observer')
  })

  it('opens nothing with a missing, wrong or other session’s token', async () => {
    const one = await createSession()
    const two = await createSession()
    const status = (room: string, token?: string) =>
      new Promise<number | undefined>((resolve) => {
        const socket = new WebSocket(`${server.wsUrl}/${room}${token ? `?token=${token}` : ''}`)
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode))
        socket.on('open', () => {
          socket.close()
          resolve(101)
        })
        socket.on('error', () => {})
      })
    expect(await status(one.id)).toBe(401)
    expect(await status(one.id, 'x'.repeat(43))).toBe(401)
    expect(await status(one.id, tokenOf(two.links.interviewer))).toBe(401)
    expect(await status(one.id, tokenOf(one.links.candidate))).toBe(101)
    await expect(connectControlClient(server.url, one.id, tokenOf(two.links.interviewer))).rejects.toThrow(
      /not valid/,
    )
    await expect(connectControlClient(server.url, one.id, null)).rejects.toThrow(/no access token/)
    await expect(connectControlClient(server.url, 'nope', 'x'.repeat(43))).rejects.toThrow(/no such session/)
  })

  it('swaps roles in a peer session: controls and private material move at once', async () => {
    const session = await createSession({ mode: 'peer', names: { interviewer: 'Mia', candidate: 'Raj' } })
    const mia = await control(session, 'interviewer')
    const raj = await control(session, 'candidate')
    expect(mia.privates.at(-1)).not.toBeNull()
    expect(await mia.send('note:add', { text: 'SECRET-MIA round one note' })).toMatchObject({ ok: true })
    expect(await mia.send('session:swap', {})).toMatchObject({ ok: true })
    await waitFor(() => raj.latest()?.you.role === 'interviewer', 'Raj is now the interviewer')
    await waitFor(() => mia.privates.at(-1) === null, 'Mia loses the private material')
    expect(raj.latest()?.round).toBe(2)
    await waitFor(() => raj.privates.at(-1) != null, 'Raj receives the private material')
    expect(raj.privates.at(-1)?.notes).toEqual([])
    expect(raj.wire.join('\n')).not.toContain('SECRET-MIA')

    expect(await mia.send('timer:command', { command: 'start' })).toMatchObject({ ok: false })
    // The new candidate can neither pick round 2's template nor give themself the examples.
    expect(await mia.send('session:template', { templateId: 'fixture-training' })).toEqual({
      ok: false,
      error: expect.stringMatching(/only the interviewer/i),
    })
    expect(await mia.send('session:examples', { allowed: true })).toMatchObject({ ok: false })
    expect(await raj.send('session:template', { templateId: 'fixture-training' })).toMatchObject({ ok: true })
    await waitFor(() => mia.latest()?.title === 'Fixture: train on 1,000 GPUs', 'new template for round 2')
    expect(mia.wire.join('\n')).not.toContain('SECRET-TRAINING')
    expect(await raj.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
  })

  it('a swap stops and resets a running timer, as its confirmation says, and takes back the examples', async () => {
    const session = await createSession({ mode: 'peer', names: { interviewer: 'Mia', candidate: 'Raj' } })
    const mia = await control(session, 'interviewer')
    const raj = await control(session, 'candidate')
    expect(await mia.send('session:examples', { allowed: true })).toMatchObject({ ok: true })
    expect(await mia.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
    await waitFor(() => raj.latest()?.timer.status === 'running', 'the timer runs')
    expect(await mia.send('session:swap', {})).toMatchObject({ ok: true })
    await waitFor(() => raj.latest()?.you.role === 'interviewer', 'Raj interviews')
    expect(raj.latest()?.timer.status).toBe('idle')
    expect(raj.latest()?.timer.phaseIndex).toBe(0)
    // Mia allowed examples for Raj as her candidate; Raj has not allowed them for her.
    expect(mia.latest()?.examplesAllowed).toBe(false)
  })

  it('ends the session: timer stopped, board read-only for everyone, commands refused', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    const candidateBoard = board(session, 'candidate')
    const interviewerBoard = board(session, 'interviewer')
    await Promise.all([candidateBoard.synced, interviewerBoard.synced])
    expect(await interviewer.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
    expect(await interviewer.send('session:end', {})).toMatchObject({ ok: true })
    await waitFor(() => interviewer.latest()?.endedAt != null, 'ended state broadcast')
    expect(interviewer.latest()?.timer.status).toBe('stopped')
    await new Promise((resolve) => setTimeout(resolve, 50))
    records(candidateBoard.doc).set('after-end', true)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(records(interviewerBoard.doc).has('after-end')).toBe(false)
    expect(await interviewer.send('timer:command', { command: 'reset' })).toMatchObject({
      ok: false,
      error: /ended/,
    })
  })

  it('stamps notes with the session clock and keeps the scorecard', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    await interviewer.send('timer:command', { command: 'start' })
    await new Promise((resolve) => setTimeout(resolve, 120))
    const ack = await interviewer.send('note:add', { text: 'Asked for peak QPS first' })
    expect(ack.ok && (ack.value as { sessionClockMs: number }).sessionClockMs).toBeGreaterThanOrEqual(100)
    await interviewer.send('score:set', { criterionId: 'clarify', score: 4, comment: 'Textbook' })
    await waitFor(() => interviewer.privates.at(-1)?.scores.clarify?.score === 4, 'score in private state')
    expect(interviewer.privates.at(-1)?.notes.map((n) => n.text)).toEqual(['Asked for peak QPS first'])
  })

  it('replaces a link: the old token is refused, its open connections close, the new one works', async () => {
    const session = await createSession()
    const interviewer = await control(session, 'interviewer')
    const candidate = await control(session, 'candidate')
    const candidateBoard = board(session, 'candidate')
    await candidateBoard.synced
    const dropped = new Promise<string>((resolve) =>
      candidate.socket.on('disconnect', (reason) => resolve(reason)),
    )
    const boardClosed = new Promise<number>((resolve) =>
      candidateBoard.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    )
    expect(await candidate.send('link:rotate', { seat: 'guest' })).toMatchObject({ ok: false })
    expect(await interviewer.send('link:rotate', { seat: 'host' })).toMatchObject({
      ok: false,
      error: /own link/,
    })
    const ack = await interviewer.send('link:rotate', { seat: 'guest' })
    expect(ack.ok).toBe(true)
    expect(await dropped).toBe('io server disconnect')
    expect(await boardClosed).toBe(4401)
    const oldToken = tokenOf(session.links.candidate)
    await expect(connectControlClient(server.url, session.id, oldToken)).rejects.toThrow(/replaced/)
    const { token } = (ack.ok ? ack.value : {}) as { token: string }
    const fresh = await connectControlClient(server.url, session.id, token)
    controls.push(fresh)
    await waitFor(() => fresh.latest()?.you.role === 'candidate', 'new link opens the candidate seat')
  })
})

describe('a server that restricts who may create sessions', () => {
  let server: RunningServer
  beforeEach(async () => {
    server = await startServer({ ROOFLINE_CREATE_SECRET: 'correct horse battery staple' })
  })
  afterEach(async () => {
    await server.close()
  })

  it('creates a session only with its secret', async () => {
    const post = (authorization?: string) =>
      fetch(`${server.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: '{}',
      })
    expect((await post()).status).toBe(401)
    expect((await post('Bearer wrong secret here')).status).toBe(401)
    expect((await post('Bearer correct horse battery staple')).status).toBe(201)
  })
})
