import { boardDocKeys, YRecordMap } from '@roofline/shared'
import {
  bytesToBase64,
  parseLogPage,
  parseOutline,
  type RecordingSource,
  ReplayCursor,
  ReplayIndex,
  ReplayLoader,
} from '@roofline/shared/replay'
import * as Y from 'yjs'
import { type BenchRecord, connectBenchClient, createRooflineRooms, shapeRecord } from './benchClients.ts'
import type { BenchRow } from './scenarios.ts'
import type { ServerUnderTest } from './serverUnderTest.ts'
import { median, percentile, round } from './stats.ts'

/** The recorded session: its length, its board and how many updates it recorded. */
export interface ReplayShape {
  shapes: number
  updates: number
  durationMs: number
  /** Replays opened from scratch, each then seeked `seeks` times (medians over them are reported). */
  runs: number
  /** Random seeks on each open replay. */
  seeks: number
}

/** A small deterministic generator, so every run records the same session. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * The board log of a session: one update that draws `shapes` shapes, then `updates` updates
 * each moving one shape, as the board writes them (`YRecordMap` entries of `tl_records`: a move
 * deletes the shape's entry and appends the new one, in one transaction), spread evenly over
 * `durationMs` from `startAt`.
 */
function sessionLog(shape: ReplayShape, startAt: number, author: string) {
  const doc = new Y.Doc()
  const records = new YRecordMap<BenchRecord>(doc.getArray(boardDocKeys.records))
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  doc.transact(() => {
    for (let i = 0; i < shape.shapes; i++) records.set(`shape:${i}`, shapeRecord(`shape:${i}`, i, 0, 0))
  })
  const random = seededRandom(45)
  for (let step = 1; step <= shape.updates; step++) {
    const key = `shape:${Math.floor(random() * shape.shapes)}`
    records.set(key, shapeRecord(key, step, 0, 0))
  }
  records.destroy()
  doc.destroy()
  const spacing = shape.durationMs / updates.length
  return updates.map((update, i) => ({
    seq: i + 1,
    at: Math.round(startAt + i * spacing),
    author,
    update: bytesToBase64(update),
  }))
}

/**
 * Records the session into Roofline the way an archive import does: a real session's
 * recording (as the server exports it) with its board log replaced by the generated one,
 * posted to `POST /api/archives`. The server lays out checkpoints with its live policy.
 * Returns the new session's id and host token.
 */
async function recordSession(
  server: ServerUnderTest,
  shape: ReplayShape,
): Promise<{ id: string; token: string }> {
  const base = `http://127.0.0.1:${server.port}`
  const [room] = await createRooflineRooms(server.port, 1)
  if (!room) throw new Error('no session')
  // One real edit, so the exported recording carries a log entry as the server writes them.
  const client = connectBenchClient({ kind: 'roofline', port: server.port, ...room })
  await client.synced
  client.records.set('shape:probe', shapeRecord('shape:probe', 0, 0, 0))
  await new Promise((resolve) => setTimeout(resolve, 300))
  client.destroy()
  const headers = { authorization: `Bearer ${room.token}` }
  const exported = (await (
    await fetch(`${base}/api/sessions/${room.room}/recording`, { headers })
  ).json()) as {
    session: { createdAt: number }
    log: Array<{ author: string }>
  }
  const archive = {
    ...exported,
    log: sessionLog(shape, exported.session.createdAt, exported.log[0]?.author ?? 'host'),
    checkpoints: [],
  }
  const response = await fetch(`${base}/api/archives`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(archive),
  })
  if (response.status !== 201) throw new Error(`archive import: ${response.status} ${await response.text()}`)
  const { id, replayLink } = (await response.json()) as { id: string; replayLink: string }
  return { id, token: decodeURIComponent(/#token=([^&]+)/.exec(replayLink)?.[1] ?? '') }
}

/** The recording over HTTP, as the replay page fetches it. */
function httpSource(base: string, headers: Record<string, string>): RecordingSource {
  return {
    async logPage(afterSeq, limit) {
      const response = await fetch(`${base}/log?after=${afterSeq}&limit=${limit}`, { headers })
      return parseLogPage(await response.json())
    },
    async checkpoint(seq) {
      const response = await fetch(`${base}/checkpoints/${seq}`, { headers })
      return new Uint8Array(await response.arrayBuffer())
    },
  }
}

/** An open replay: what the page holds once it shows the board. */
interface OpenReplay {
  index: ReplayIndex
  cursor: ReplayCursor
  loader: ReplayLoader
  records: YRecordMap<unknown> | null
}

/**
 * Moves the replay to log position `target` as the replay board does: load what the move
 * needs, move the document, and re-read the records when the document was rebuilt.
 */
async function showPosition(replay: OpenReplay, target: number): Promise<void> {
  await replay.loader.prepare(replay.cursor, target)
  const { doc, rebuilt } = replay.cursor.moveToPosition(target)
  if (rebuilt || !replay.records) {
    replay.records?.destroy()
    replay.records = new YRecordMap(doc.getArray(boardDocKeys.records))
  }
}

/** Opens the replay like the page: its outline, its index, then the board as it ends (what the page frames first). */
async function openReplay(base: string, headers: Record<string, string>): Promise<OpenReplay> {
  const outline = parseOutline(await (await fetch(`${base}/outline`, { headers })).json())
  const index = ReplayIndex.fromOutline(outline)
  const replay: OpenReplay = {
    index,
    cursor: new ReplayCursor(index),
    loader: new ReplayLoader(index, httpSource(base, headers)),
    records: null,
  }
  await showPosition(replay, index.length)
  return replay
}

/** Times `seeks` random seeks (the same ones in every run) on an open replay, in ms. */
async function timeSeeks(replay: OpenReplay, seeks: number): Promise<number[]> {
  const random = seededRandom(7)
  const times: number[] = []
  const first = replay.index.firstAt ?? 0
  const last = replay.index.lastAt ?? 0
  for (let i = 0; i < seeks; i++) {
    const t = first + random() * (last - first)
    const started = performance.now()
    await showPosition(replay, replay.index.positionAt(t))
    times.push(performance.now() - started)
  }
  return times
}

/**
 * Replay: a recorded session of `shape.updates` updates over `shape.durationMs` on a
 * `shape.shapes`-shape board, opened `shape.runs` times afresh (nothing cached), as a viewer
 * opens it, then seeked `shape.seeks` times at random, each seek loading what it needs over
 * HTTP and building the document. `openMs` (outline fetch to the final board built) and
 * `seekP95Ms` are medians over the runs: one run's p95 of a few dozen seeks rests on its two or
 * three slowest, so a single pause of either process moved it by tens of ms. Roofline only (the peers have
 * no recordings). Not included: drawing the records into tldraw's store in a browser.
 */
export async function replayStep(server: ServerUnderTest, shape: ReplayShape): Promise<BenchRow> {
  const recordStarted = performance.now()
  const { id, token } = await recordSession(server, shape)
  const recordMs = performance.now() - recordStarted
  const base = `http://127.0.0.1:${server.port}/api/sessions/${id}/recording`
  const headers = { authorization: `Bearer ${token}` }
  const opens: number[] = []
  const seeks: number[][] = []
  let checkpoints = 0
  for (let run = 0; run < shape.runs; run++) {
    const started = performance.now()
    const replay = await openReplay(base, headers)
    opens.push(performance.now() - started)
    try {
      seeks.push(await timeSeeks(replay, shape.seeks))
    } finally {
      replay.cursor.destroy()
    }
    checkpoints = replay.index.checkpointCount
  }
  const seekP95s = seeks.map((times) => percentile(times, 95))
  return {
    scenario: 'replay',
    server: server.kind,
    rooms: 1,
    clients: 1,
    shapes: shape.shapes,
    updates: shape.updates,
    sessionMinutes: shape.durationMs / 60_000,
    checkpoints,
    runs: shape.runs,
    openMs: round(median(opens)),
    openMsPerRun: opens.map((ms) => round(ms)),
    seekP50Ms: round(median(seeks.map((times) => percentile(times, 50)))),
    seekP95Ms: round(median(seekP95s)),
    seekP95MsPerRun: seekP95s.map((ms) => round(ms)),
    seeksPerRun: shape.seeks,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    updatesPerSecond: null,
    rssBytes: server.rssBytes(),
    recordAndImportMs: round(recordMs, 0),
    note: 'open = outline → index → checkpoint + log pages → final board (Y.Doc + YKeyValue), over HTTP; tldraw rendering not included',
  }
}
