import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { type CreateSessionResponse, tokenFromHash, YRecordMap } from '@roofline/shared'
import {
  parseRecording,
  type Recording,
  type RecordingJson,
  ReplayIndex,
  SessionTimeline,
} from '@roofline/shared/replay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type * as Y from 'yjs'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { createReplayLink, fetchRecording } from '../support/sessionApi.ts'
import { connectClient, waitFor, type YClient } from '../support/yClient.ts'

const tokenOf = (link: string) => tokenFromHash(new URL(link).hash) ?? ''
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Rows of `table` whose `column` is `id`, read straight from the server's SQLite file. */
function rowsOf(server: RunningServer, table: string, column: string, id: string): number {
  const db = new DatabaseSync(path.join(server.dataDir, 'roofline.sqlite'), { readOnly: true })
  try {
    const row = db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`).get(id) as { n: number }
    return row.n
  } finally {
    db.close()
  }
}

function countAll(server: RunningServer, table: string): number {
  const db = new DatabaseSync(path.join(server.dataDir, 'roofline.sqlite'), { readOnly: true })
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** What a board shows: its tldraw records by id. */
function boardRecords(doc: Y.Doc): Record<string, unknown> {
  const kv = new YRecordMap<unknown>(doc.getArray('tl_records'))
  const out = Object.fromEntries(kv.entries())
  kv.destroy()
  return out
}

describe('recording, export and import of a scripted session', () => {
  let server: RunningServer
  let fresh: RunningServer
  let session: CreateSessionResponse
  let interviewer: ControlClient
  let candidateBoard: YClient
  let recording: Recording
  let archiveText: string
  const controls: ControlClient[] = []

  beforeAll(async () => {
    server = await startServer({ ROOFLINE_CHECKPOINT_EVERY: '7' })
    fresh = await startServer({ ROOFLINE_MAX_ARCHIVE_BYTES: '2000000' })
    const response = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ names: { interviewer: 'Ana', candidate: 'Ben' } }),
    })
    session = (await response.json()) as CreateSessionResponse
    interviewer = await connectControlClient(server.url, session.id, tokenOf(session.links.interviewer))
    controls.push(interviewer)
    candidateBoard = connectClient(server.wsUrl, session.id, {
      params: { token: tokenOf(session.links.candidate) },
    })
    await candidateBoard.synced
    const shapes = new YRecordMap<Record<string, unknown>>(candidateBoard.doc.getArray('tl_records'))
    const draw = async (n: number, label: string) => {
      for (let i = 0; i < n; i++) {
        shapes.set(`shape:${label}-${i}`, {
          typeName: 'shape',
          id: `shape:${label}-${i}`,
          type: 'geo',
          x: i * 10,
        })
        await sleep(3)
      }
    }

    await draw(5, 'before-start')
    expect(await interviewer.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
    await draw(10, 'clarify')
    expect(await interviewer.send('card:reveal', { itemId: 'budget' })).toMatchObject({ ok: true })
    expect(await interviewer.send('note:add', { text: 'SECRET-NOTE asked for the budget' })).toMatchObject({
      ok: true,
    })
    expect(
      await interviewer.send('score:set', { criterionId: 'clarify', score: 3, comment: 'SECRET-SCORE fine' }),
    ).toMatchObject({ ok: true })
    expect(await interviewer.send('timer:command', { command: 'skip' })).toMatchObject({ ok: true })
    await draw(12, 'architecture')
    shapes.set('shape:pin', {
      typeName: 'shape',
      id: 'shape:pin',
      type: 'calc-card',
      props: {
        title: 'KV cache per token',
        pinnedBy: 'Ben',
        figures: [{ label: 'Per token', text: '320 KiB' }],
      },
    })
    // A move re-inserts the record: it must still count as one pin.
    shapes.set('shape:architecture-3', { typeName: 'shape', id: 'shape:architecture-3', type: 'geo', x: 999 })
    await sleep(20)
    expect(await interviewer.send('timer:command', { command: 'skip' })).toMatchObject({ ok: true })
    await draw(6, 'deep-dive')
    shapes.delete('shape:clarify-2')
    await sleep(20)
    expect(await interviewer.send('session:end', {})).toMatchObject({ ok: true })
    await waitFor(() => interviewer.latest()?.endedAt != null, 'the session ends')
    shapes.destroy()
  })

  afterAll(async () => {
    for (const control of controls) control.close()
    candidateBoard.destroy()
    await server.close()
    await fresh.close()
  })

  it('records the board log with checkpoints, and the public events', async () => {
    const answer = await fetchRecording(server, session.id, tokenOf(session.links.interviewer))
    expect(answer.status).toBe(200)
    archiveText = answer.text
    recording = parseRecording(JSON.parse(answer.text))
    expect(recording.log.length).toBeGreaterThanOrEqual(35)
    expect(recording.checkpoints.length).toBeGreaterThanOrEqual(4)
    expect(recording.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['created', 'joined', 'timer', 'reveal', 'ended']),
    )
    expect(recording.session.templates[0]?.prompt).toBe('Design serving for a 70B chat model.')
    expect(recording.private?.rounds[0]?.notes.map((n) => n.text)).toEqual([
      'SECRET-NOTE asked for the budget',
    ])
    expect(recording.private?.rounds[0]?.scores.clarify?.score).toBe(3)

    // The board at the end is the candidate's board.
    const index = ReplayIndex.open(recording)
    expect(boardRecords(index.docAt(Number.MAX_SAFE_INTEGER))).toEqual(boardRecords(candidateBoard.doc))
    const timeline = SessionTimeline.fromRecording(recording)
    expect(timeline.phaseJumps().map((j) => j.phaseIndex)).toEqual([0, 1, 2])
  })

  it('serves nothing private to a token without that right, on the wire', async () => {
    for (const role of ['candidate', 'observer'] as const) {
      const answer = await fetchRecording(server, session.id, tokenOf(session.links[role]))
      expect(answer.status, role).toBe(403)
      expect(answer.text).not.toContain('SECRET')
    }
    const publicLink = await createReplayLink(
      server.url,
      session.id,
      tokenOf(session.links.interviewer),
      false,
    )
    const publicAnswer = await fetchRecording(server, session.id, tokenOf(publicLink))
    expect(publicAnswer.status).toBe(200)
    expect(publicAnswer.text).toContain('SECRET-BUDGET') // revealed, hence public
    for (const hidden of ['SECRET-NOTE', 'SECRET-SCORE', 'SECRET-RUBRIC', 'SECRET-CARD', 'SECRET-ANSWER']) {
      expect(publicAnswer.text, hidden).not.toContain(hidden)
    }
    expect(parseRecording(JSON.parse(publicAnswer.text)).private).toBeNull()

    const privateLink = await createReplayLink(
      server.url,
      session.id,
      tokenOf(session.links.interviewer),
      true,
    )
    const privateAnswer = await fetchRecording(server, session.id, tokenOf(privateLink))
    expect(privateAnswer.text).toContain('SECRET-NOTE')
    expect(privateAnswer.text).toContain('SECRET-SCORE')
    // Cards that were never revealed stay out even of the interviewer's own recording.
    expect(privateAnswer.text).not.toContain('SECRET-CARD')
    expect(privateAnswer.text).not.toContain('SECRET-ANSWER')
    expect(archiveText).not.toContain('SECRET-CARD')
  })

  it('lets a replay link open only its own replay: no other session, not the live session', async () => {
    const other = (await (
      await fetch(`${server.url}/api/sessions`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as CreateSessionResponse
    const link = await createReplayLink(server.url, session.id, tokenOf(session.links.interviewer), true)
    const token = tokenOf(link)
    expect(link).toMatch(new RegExp(`/replay/${session.id}#token=`))
    expect((await fetchRecording(server, other.id, token)).status).toBe(401)
    expect((await fetchRecording(server, other.id, tokenOf(session.links.interviewer))).status).toBe(401)
    await expect(connectControlClient(server.url, session.id, token)).rejects.toThrow(/replay link/)
    const boardStatus = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(`${server.wsUrl}/${session.id}?token=${token}`)
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode))
      socket.on('open', () => {
        socket.close()
        resolve(101)
      })
      socket.on('error', () => {})
    })
    expect(boardStatus).toBe(401)
    // A replay link cannot mint further links, and the token travels only in a header.
    const minted = await fetch(`${server.url}/api/sessions/${session.id}/replay-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"includePrivate":true}',
    })
    expect(minted.status).toBe(403)
    expect((await fetch(`${server.url}/api/sessions/${session.id}/recording?token=${token}`)).status).toBe(
      401,
    )
  })

  it('imports the archive into a fresh server, which replays the same states', async () => {
    const response = await fetch(`${fresh.url}/api/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: archiveText,
    })
    expect(response.status).toBe(201)
    const imported = (await response.json()) as { id: string; replayLink: string }
    expect(imported.replayLink).toMatch(new RegExp(`^${fresh.url}/replay/${imported.id}#token=`))
    const answer = await fetchRecording(fresh, imported.id, tokenOf(imported.replayLink))
    expect(answer.status).toBe(200)
    const copy = parseRecording(JSON.parse(answer.text))

    expect(copy.log.map((e) => [e.at, e.author, [...e.update]])).toEqual(
      recording.log.map((e) => [e.at, e.author, [...e.update]]),
    )
    expect(copy.private?.rounds[0]?.notes.map((n) => n.text)).toEqual(['SECRET-NOTE asked for the budget'])
    const original = ReplayIndex.open(recording)
    const replica = ReplayIndex.open(copy)
    const originalTimeline = SessionTimeline.fromRecording(recording)
    const replicaTimeline = SessionTimeline.fromRecording(copy)
    const instants = [
      ...recording.log.map((e) => e.at),
      ...recording.events.map((e) => e.at),
      originalTimeline.start,
      originalTimeline.end,
    ]
    for (const t of instants) {
      expect(boardRecords(replica.docAt(t)), `board at ${t}`).toEqual(boardRecords(original.docAt(t)))
      const [a, b] = [originalTimeline.momentAt(t), replicaTimeline.momentAt(t)]
      expect({ ...b, present: [] }, `session at ${t}`).toEqual({ ...a, present: [] })
    }
    expect(replicaTimeline.segments).toEqual(originalTimeline.segments)

    // The archive carried the whole template (rubric, tags, revealed cards only): the import keeps it.
    const [whole] = copy.private?.templates ?? []
    expect(whole).toMatchObject({
      id: recording.session.startTemplateId,
      prompt: 'Design serving for a 70B chat model.',
    })
    expect(whole?.rubric.length).toBeGreaterThan(0)
    expect(whole?.cards.map((card) => card.id)).toEqual(['budget'])
    expect(whole?.clarifyingQuestions).toEqual([])
    expect(recording.private?.templates).toEqual(copy.private?.templates)

    // The imported session is ended and read-only; its interviewer link can list and delete it.
    const summary = await fetch(`${fresh.url}/api/sessions/${imported.id}/summary`, {
      headers: { authorization: `Bearer ${tokenOf(imported.replayLink)}` },
    })
    expect(await summary.json()).toMatchObject({
      title: 'Fixture: serve a 70B model',
      imported: true,
      names: { host: 'Ana', guest: 'Ben' },
    })
  })

  it('still imports a version 1 archive, which carried no whole template', async () => {
    const json = JSON.parse(archiveText) as RecordingJson
    const v1 = { ...json, version: 1, private: { rounds: json.private?.rounds ?? [] } }
    const response = await fetch(`${fresh.url}/api/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(v1),
    })
    expect(response.status).toBe(201)
    const imported = (await response.json()) as { id: string; replayLink: string }
    const copy = parseRecording(
      JSON.parse((await fetchRecording(fresh, imported.id, tokenOf(imported.replayLink))).text),
    )
    expect(copy.private?.templates).toEqual([])
    expect(copy.session.templates[0]?.prompt).toBe('Design serving for a 70B chat model.')
    expect(copy.private?.rounds[0]?.rubric).toEqual(recording.private?.rounds[0]?.rubric)
  })

  it('refuses damaged, truncated, unknown-version and too large archives, storing nothing', async () => {
    const before = countAll(fresh, 'session')
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${fresh.url}/api/archives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      })
    const json = JSON.parse(archiveText) as RecordingJson
    const cases: Array<[string, string, RegExp]> = [
      ['truncated', archiveText.slice(0, Math.floor(archiveText.length / 2)), /not complete JSON/],
      ['unknown version', JSON.stringify({ ...json, version: 99 }), /version 99/],
      ['not an archive', JSON.stringify({ hello: 'world' }), /not a Roofline session archive/],
      [
        'garbled update',
        JSON.stringify({ ...json, log: json.log.map((e, i) => (i === 3 ? { ...e, update: 'AAAA' } : e)) }),
        /damaged/,
      ],
      [
        'missing update',
        JSON.stringify({ ...json, log: json.log.filter((_, i) => i !== 2) }),
        /missing updates/,
      ],
      [
        'bad event',
        JSON.stringify({ ...json, events: [...json.events, { type: 'timer', seq: 99 }] }),
        /damaged/,
      ],
    ]
    for (const [name, body, message] of cases) {
      const response = await post(body)
      expect(response.status, name).toBe(400)
      expect(((await response.json()) as { error: string }).error, name).toMatch(message)
    }
    const tooLarge = await post(JSON.stringify({ ...json, padding: 'x'.repeat(2_100_000) }))
    expect(tooLarge.status).toBe(413)
    expect(((await tooLarge.json()) as { error: string }).error).toMatch(/too large.*1\.9 MiB/)
    expect(countAll(fresh, 'session')).toBe(before)
  })

  it('refuses an archive with more board updates and events than the server imports (413), storing nothing', async () => {
    const json = JSON.parse(archiveText) as RecordingJson
    const entries = json.log.length + json.events.length
    const post = (server: RunningServer) =>
      fetch(`${server.url}/api/archives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: archiveText,
      })
    const tight = await startServer({ ROOFLINE_MAX_ARCHIVE_ENTRIES: String(entries - 1) })
    try {
      const refused = await post(tight)
      expect(refused.status).toBe(413)
      expect(((await refused.json()) as { error: string }).error).toMatch(
        new RegExp(`holds ${entries.toLocaleString('en-US')} board updates and events`),
      )
      expect(countAll(tight, 'session')).toBe(0)
    } finally {
      await tight.close()
    }
    const enough = await startServer({ ROOFLINE_MAX_ARCHIVE_ENTRIES: String(entries) })
    try {
      expect((await post(enough)).status).toBe(201)
    } finally {
      await enough.close()
    }
  })

  it('deletes a session with everything of it, and only with the interviewer link', async () => {
    const target = (await (
      await fetch(`${server.url}/api/sessions`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as CreateSessionResponse
    const host = tokenOf(target.links.interviewer)
    const control = await connectControlClient(server.url, target.id, host)
    controls.push(control)
    await control.send('note:add', { text: 'to be deleted' })
    await control.send('score:set', { criterionId: 'clarify', score: 1, comment: '' })
    const boardClient = connectClient(server.wsUrl, target.id, {
      params: { token: tokenOf(target.links.candidate) },
    })
    await boardClient.synced
    boardClient.doc.getArray('tl_records').push([{ key: 'shape:x', val: { typeName: 'shape' } }])
    await waitFor(() => rowsOf(server, 'room_log', 'room_id', target.id) > 0, 'the update is stored')
    await createReplayLink(server.url, target.id, host, false)

    const remove = (token: string) =>
      fetch(`${server.url}/api/sessions/${target.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      })
    expect((await remove(tokenOf(target.links.candidate))).status).toBe(403)
    const closed = new Promise<number>((resolve) =>
      boardClient.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    )
    expect((await remove(host)).status).toBe(204)
    expect(await closed).toBe(4404)
    await waitFor(() => !control.socket.connected, 'the control connection is closed')
    await sleep(300) // the board client tries to reconnect: it must be refused and store nothing
    for (const [table, column] of [
      ['session', 'id'],
      ['session_token', 'session_id'],
      ['session_event', 'session_id'],
      ['session_note', 'session_id'],
      ['session_score', 'session_id'],
      ['room_log', 'room_id'],
      ['room_snapshot', 'room_id'],
      ['room_checkpoint', 'room_id'],
    ] as const) {
      expect(rowsOf(server, table, column, target.id), table).toBe(0)
    }
    expect((await fetchRecording(server, target.id, host)).status).toBe(404)
    boardClient.destroy()
  })
})

describe('importing on a server that restricts creation', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ ROOFLINE_CREATE_SECRET: 'correct horse battery staple' })
  })
  afterAll(async () => {
    await server.close()
  })

  it('needs the secret before it reads the archive', async () => {
    const response = await fetch(`${server.url}/api/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(401)
    const allowed = await fetch(`${server.url}/api/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer correct horse battery staple' },
      body: '{}',
    })
    expect(allowed.status).toBe(400)
  })
})
