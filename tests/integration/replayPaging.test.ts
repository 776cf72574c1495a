import { type CreateSessionResponse, YRecordMap } from '@roofline/shared'
import {
  outlineOf,
  parseLogPage,
  parseOutline,
  parseRecording,
  type RecordingSource,
  ReplayCursor,
  ReplayIndex,
  ReplayLoader,
  SessionTimeline,
} from '@roofline/shared/replay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { connectClient } from '../support/yClient.ts'

/** GET `path` of the server with `token` as the bearer. */
function get(server: RunningServer, path: string, token: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
}

/** The recording routes as a replay's source of bytes, over real HTTP. */
function httpSource(
  server: RunningServer,
  id: string,
  token: string,
): RecordingSource & { requests: number } {
  const source = {
    requests: 0,
    async logPage(afterSeq: number, limit: number) {
      source.requests++
      const response = await get(
        server,
        `/api/sessions/${id}/recording/log?after=${afterSeq}&limit=${limit}`,
        token,
      )
      expect(response.status).toBe(200)
      return parseLogPage(await response.json())
    },
    async checkpoint(seq: number) {
      source.requests++
      const response = await get(server, `/api/sessions/${id}/recording/checkpoints/${seq}`, token)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/octet-stream')
      return new Uint8Array(await response.arrayBuffer())
    },
  }
  return source
}

function boardRecords(doc: Y.Doc): Record<string, unknown> {
  const kv = new YRecordMap<unknown>(doc.getArray('tl_records'))
  const out = Object.fromEntries(kv.entries())
  kv.destroy()
  return out
}

async function replayLink(
  server: RunningServer,
  id: string,
  token: string,
  body: { includePrivate: boolean; replace?: boolean },
): Promise<string> {
  const response = await fetch(`${server.url}/api/sessions/${id}/replay-links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.status).toBe(201)
  return tokenOf(((await response.json()) as { link: string }).link)
}

describe('a replay opened on its outline, fetching pages and checkpoints', () => {
  let server: RunningServer
  let session: CreateSessionResponse
  let host: string
  const UPDATES = 180

  beforeAll(async () => {
    server = await startServer({ ROOFLINE_CHECKPOINT_EVERY: '25' })
    session = await createSession(server.url)
    host = tokenOf(session.links.interviewer)
    const board = connectClient(server.wsUrl, session.id, {
      params: { token: tokenOf(session.links.candidate) },
    })
    await board.synced
    const shapes = new YRecordMap<Record<string, unknown>>(board.doc.getArray('tl_records'))
    let sent = 0
    board.doc.on('update', () => {
      sent++
    })
    for (let i = 0; i < UPDATES; i++) {
      // Moves, adds and deletes, so a state at t is not just "the first n shapes".
      if (i % 7 === 6) shapes.delete(`shape:${(i - 3) % 40}`)
      else shapes.set(`shape:${i % 40}`, { typeName: 'shape', id: `shape:${i % 40}`, type: 'geo', x: i })
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    shapes.set('shape:pin', {
      typeName: 'shape',
      id: 'shape:pin',
      type: 'calc-card',
      props: { title: 'HBM' },
    })
    // Ben points at the board: his pointer is sampled at most every 250 ms, only when it moves.
    for (const x of [10, 11, 12, 40, 40, 80]) {
      board.provider.awareness.setLocalStateField('presence', {
        userName: 'Ben',
        color: '#e03131',
        cursor: { x, y: 5 },
      })
      await new Promise((resolve) => setTimeout(resolve, x === 10 ? 20 : 300))
    }
    for (let stored = 0, tries = 0; stored < sent; tries++) {
      if (tries > 500) throw new Error(`timed out: ${stored} of ${sent} updates stored`)
      await new Promise((resolve) => setTimeout(resolve, 20))
      const outline = await get(server, `/api/sessions/${session.id}/recording/outline`, host)
      stored = ((await outline.json()) as { log: { seq: number[] } }).log.seq.length
    }
    shapes.destroy()
    board.destroy()
  })

  afterAll(async () => {
    await server.close()
  })

  it('answers an outline equal to the whole recording without its bytes', async () => {
    const whole = parseRecording(
      await (await get(server, `/api/sessions/${session.id}/recording`, host)).json(),
    )
    const response = await get(server, `/api/sessions/${session.id}/recording/outline`, host)
    expect(response.status).toBe(200)
    const text = await response.text()
    const outline = parseOutline(JSON.parse(text))
    const { exportedAt: _ignored, ...expected } = outlineOf(whole) as ReturnType<typeof outlineOf> & {
      exportedAt?: number
    }
    expect(outline).toEqual(expected)
    // The live room checkpoints every 25 updates once its writes have settled: a few, at least.
    expect(outline.checkpoints.length).toBeGreaterThanOrEqual(3)
    expect(outline.pins.map((pin) => pin.title)).toEqual(['HBM'])
    // Far smaller than the recording: no update, no checkpoint state.
    const wholeSize = JSON.stringify(whole).length
    expect(text.length).toBeLessThan(wholeSize / 3)
  })

  it('seeks to every position with the states of the whole log, loading only what each seek needs', async () => {
    const whole = parseRecording(
      await (await get(server, `/api/sessions/${session.id}/recording`, host)).json(),
    )
    const reference = ReplayIndex.open(whole)
    const outline = parseOutline(
      await (await get(server, `/api/sessions/${session.id}/recording/outline`, host)).json(),
    )
    const index = ReplayIndex.fromOutline(outline)
    // Rebuilding whenever that applies fewer updates, so each seek loads one checkpoint interval at most.
    const cursor = new ReplayCursor(index, { checkpointCost: 0 })
    const source = httpSource(server, session.id, host)
    const loader = new ReplayLoader(index, source, { pageSize: 40 })
    const positions = [index.length, 0, 3, 90, 26, 25, 150, 149, index.length - 1, 60, 1]
    for (const position of positions) {
      const before = source.requests
      await loader.prepare(cursor, position)
      // One checkpoint and the entries after it: never more than two pages of 40 here.
      expect(source.requests - before, `requests for ${position}`).toBeLessThanOrEqual(3)
      const { doc } = cursor.moveToPosition(position)
      expect(boardRecords(doc), `board at ${position}`).toEqual(
        boardRecords(reference.docAtPosition(position)),
      )
    }
  })

  it('records the participants’ cursors, sampled, for the replay to show', async () => {
    const outline = parseOutline(
      await (await get(server, `/api/sessions/${session.id}/recording/outline`, host)).json(),
    )
    const cursors = outline.events.flatMap((e) => (e.type === 'cursor' ? [e.payload] : []))
    // 11 came 20 ms after 10 (too soon) and the second 40 did not move: neither is kept.
    expect(cursors.map((c) => c.x)).toEqual([10, 12, 40, 80])
    expect(cursors[0]).toMatchObject({ name: 'Ben', color: '#e03131', y: 5 })
    const timeline = SessionTimeline.fromOutline(outline)
    expect(timeline.hasCursors).toBe(true)
    const lastAt = outline.events.filter((e) => e.type === 'cursor').at(-1)?.at ?? 0
    expect(timeline.cursorsAt(lastAt).map((c) => c.x)).toEqual([80])
  })

  it('pages the log by sequence number and refuses bad page requests', async () => {
    const base = `/api/sessions/${session.id}/recording`
    const first = parseLogPage(await (await get(server, `${base}/log?after=0&limit=50`, host)).json())
    const second = parseLogPage(
      await (await get(server, `${base}/log?after=${first.at(-1)?.seq}&limit=50`, host)).json(),
    )
    expect(first.length).toBe(50)
    expect(second[0]?.seq).toBe((first.at(-1)?.seq ?? 0) + 1)
    for (const query of ['limit=0', 'limit=5001', 'after=-1', 'after=abc', 'after=1&extra=1']) {
      const response = await get(server, `${base}/log?${query}`, host)
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as { error: string }).error).toMatch(/after=/)
    }
    const notACheckpoint = await get(server, `${base}/checkpoints/3`, host)
    expect(notACheckpoint.status).toBe(404)
    expect(((await notACheckpoint.json()) as { error: string }).error).toMatch(/no checkpoint at update 3/)
    expect((await get(server, `${base}/checkpoints/x`, host)).status).toBe(400)
  })

  it('opens nothing of another session with this session’s links, on every route', async () => {
    const other = await createSession(server.url)
    const outline = parseOutline(
      await (await get(server, `/api/sessions/${session.id}/recording/outline`, host)).json(),
    )
    const checkpoint = outline.checkpoints[0]?.seq ?? 25
    const link = await replayLink(server, session.id, host, { includePrivate: true })
    for (const token of [host, link]) {
      for (const path of [
        'recording',
        'recording/outline',
        'recording/log?after=0',
        `recording/checkpoints/${checkpoint}`,
      ]) {
        const response = await get(server, `/api/sessions/${other.id}/${path}`, token)
        expect(response.status, path).toBe(401)
      }
      expect(
        (await get(server, `/api/sessions/${session.id}/recording/checkpoints/${checkpoint}`, token)).status,
      ).toBe(200)
    }
  })

  it('replaces and revokes replay links: the old ones open nothing, the live links still work', async () => {
    const routes = ['recording', 'recording/outline', 'recording/log?after=0']
    const opens = async (token: string) => {
      const statuses = await Promise.all(
        routes.map(async (path) => (await get(server, `/api/sessions/${session.id}/${path}`, token)).status),
      )
      if (statuses.every((s) => s === 200)) return true
      expect(statuses).toEqual(routes.map(() => 401))
      return false
    }
    const plainA = await replayLink(server, session.id, host, { includePrivate: false })
    const plainB = await replayLink(server, session.id, host, { includePrivate: false })
    const withNotes = await replayLink(server, session.id, host, { includePrivate: true })
    expect(await opens(plainA)).toBe(true)

    // Replacing the links without notes: both earlier ones stop, the one with notes stays.
    const plainC = await replayLink(server, session.id, host, { includePrivate: false, replace: true })
    expect(await opens(plainA)).toBe(false)
    expect(await opens(plainB)).toBe(false)
    expect(await opens(plainC)).toBe(true)
    expect(await opens(withNotes)).toBe(true)
    const refused = await get(server, `/api/sessions/${session.id}/recording`, plainA)
    expect(((await refused.json()) as { error: string }).error).toMatch(/replaced/)

    // A replay link may not revoke; the candidate's link may not either.
    const revoke = (token: string) =>
      fetch(`${server.url}/api/sessions/${session.id}/replay-links`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      })
    expect((await revoke(plainC)).status).toBe(403)
    expect((await revoke(tokenOf(session.links.candidate))).status).toBe(403)
    expect(await opens(plainC)).toBe(true)

    const answer = await revoke(host)
    expect(answer.status).toBe(200)
    // These two, and any made before by the other tests.
    expect(((await answer.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(2)
    expect(await opens(plainC)).toBe(false)
    expect(await opens(withNotes)).toBe(false)
    expect(await opens(host)).toBe(true)
    // A new link after the revocation works again.
    expect(await opens(await replayLink(server, session.id, host, { includePrivate: false }))).toBe(true)
  })
})
