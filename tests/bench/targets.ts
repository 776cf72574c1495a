import type { MedianRow } from './aggregate.ts'
import { MEMORY_ONLY_PEERS, STORING_PEER } from './serverUnderTest.ts'

/**
 * The targets of issue 22, judged on the medians over the runs. "No worse than a peer":
 * Roofline's median ≤ the peer's median × 1.10, or + 1 ms if that is larger (latencies only;
 * CPU, memory and bytes get the 10 % alone). "Best peer": the better of the memory-only peers
 * (y-websocket, Hocuspocus). Against the storing peer (y-websocket with y-leveldb) Roofline
 * must be strictly ahead: its median below the peer's. Absolute targets: the median at or
 * under the limit.
 */
export interface TargetResult {
  target: string
  /** Roofline's median. */
  roofline: number | null
  /** The median it is compared with (a peer's) or the absolute limit. */
  reference: number | null
  /** The largest median that passes (strict comparisons: the peer's median, not allowed). */
  limit: number | null
  /** False also when either figure is missing (a step not run, or every window discarded). */
  pass: boolean
  rule: string
}

type Figure = (row: MedianRow) => number | null

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null)
const p99: Figure = (row) => row.p99Ms
const p95: Figure = (row) => row.p95Ms
const cpu: Figure = (row) => num(row.serverCpuMsPer1000Deliveries)
const rssPerRoom: Figure = (row) => num(row.rssPerRoomBytes)

/** The margin of "no worse than": ×1.10, or +1 ms for a latency if that is larger. */
function noWorseLimit(peer: number, latency: boolean): number {
  return latency ? Math.max(peer * 1.1, peer + 1) : peer * 1.1
}

/** Judges every target that the results hold the steps for. */
export function judgeTargets(rows: MedianRow[]): TargetResult[] {
  const find = (scenario: string, server: string, rooms?: number, page?: string) =>
    rows.find(
      (r) =>
        r.scenario === scenario &&
        r.server === server &&
        (rooms === undefined || r.rooms === rooms) &&
        (page === undefined || r.page === page),
    )
  const results: TargetResult[] = []

  const versusPeers = (
    label: string,
    scenario: string,
    rooms: number | undefined,
    figure: Figure,
    unit: string,
  ) => {
    const mine = find(scenario, 'roofline', rooms)
    if (!mine) return
    const latency = unit === 'ms'
    const peers = MEMORY_ONLY_PEERS.map((kind) => find(scenario, kind, rooms))
      .map((row) => (row ? figure(row) : null))
      .filter((v): v is number => v !== null)
    const best = peers.length ? Math.min(...peers) : null
    const limit = best === null ? null : noWorseLimit(best, latency)
    results.push({
      target: `${label}: ≤ best memory-only peer`,
      roofline: figure(mine),
      reference: best,
      limit,
      pass: limit !== null && figure(mine) !== null && (figure(mine) as number) <= limit,
      rule: latency ? 'median ≤ best × 1.10 or + 1 ms' : 'median ≤ best × 1.10',
    })
    const storing = find(scenario, STORING_PEER, rooms)
    const theirs = storing ? figure(storing) : null
    results.push({
      target: `${label}: strictly ahead of ${STORING_PEER}`,
      roofline: figure(mine),
      reference: theirs,
      limit: theirs,
      pass: theirs !== null && figure(mine) !== null && (figure(mine) as number) < theirs,
      rule: 'median < storing peer',
    })
  }
  const versusYWebsocket = (
    label: string,
    scenario: string,
    rooms: number,
    figure: Figure,
    factor: number,
  ) => {
    const mine = find(scenario, 'roofline', rooms)
    const peer = find(scenario, 'y-websocket', rooms)
    if (!mine || !peer) return
    const theirs = figure(peer)
    const limit = theirs === null ? null : factor === 1 ? noWorseLimit(theirs, false) : theirs * factor
    results.push({
      target: label,
      roofline: figure(mine),
      reference: theirs,
      limit,
      pass: limit !== null && figure(mine) !== null && (figure(mine) as number) <= limit,
      rule: factor === 1 ? 'median ≤ y-websocket × 1.10' : `median ≤ y-websocket × ${factor}`,
    })
  }
  const absolute = (label: string, row: MedianRow | undefined, value: number | null, limit: number) => {
    if (!row) return
    results.push({
      target: label,
      roofline: value,
      reference: limit,
      limit,
      pass: value !== null && value <= limit,
      rule: `median ≤ ${limit}`,
    })
  }

  const fanOutRooms = [...new Set(rows.filter((r) => r.scenario === 'fan-out').map((r) => r.rooms))]
  for (const rooms of fanOutRooms.sort((a, b) => a - b)) {
    versusPeers(`fan-out ${rooms} rooms p99 (ms)`, 'fan-out', rooms, p99, 'ms')
    versusYWebsocket(
      `fan-out ${rooms} rooms CPU per 1,000 deliveries ≤ y-websocket`,
      'fan-out',
      rooms,
      cpu,
      1,
    )
    const mine = find('fan-out', 'roofline', rooms)
    const storing = find('fan-out', STORING_PEER, rooms)
    if (mine && storing) {
      const theirs = cpu(storing)
      results.push({
        target: `fan-out ${rooms} rooms CPU per 1,000 deliveries: strictly ahead of ${STORING_PEER}`,
        roofline: cpu(mine),
        reference: theirs,
        limit: theirs,
        pass: theirs !== null && cpu(mine) !== null && (cpu(mine) as number) < theirs,
        rule: 'median < storing peer',
      })
    }
    versusYWebsocket(
      `fan-out ${rooms} rooms RSS within 1.3× y-websocket`,
      'fan-out',
      rooms,
      (r) => r.rssBytes || null, // 0: no window measured
      1.3,
    )
  }
  versusPeers('big room p99 (ms)', 'big-room', 1, p99, 'ms')
  versusYWebsocket('big room CPU per 1,000 deliveries ≤ y-websocket', 'big-room', 1, cpu, 1)
  versusPeers('join 5,000 shapes p95 (ms)', 'join', 1, p95, 'ms')
  const join = find('join', 'roofline', 1)
  absolute('join 5,000 shapes p95 ≤ 100 ms', join, join?.p95Ms ?? null, 100)
  const memoryRooms = rows.find((r) => r.scenario === 'memory')?.rooms
  versusPeers('memory per room (bytes)', 'memory', memoryRooms, rssPerRoom, 'bytes')
  const replay = find('replay', 'roofline')
  absolute('replay seek p95 ≤ 60 ms', replay, num(replay?.seekP95Ms), 60)
  for (const page of ['candidate', 'replay']) {
    const row = find('transfer', 'roofline', undefined, page)
    absolute(`${page} link interactive ≤ 1,500 ms (10 Mbit/s, 40 ms)`, row, num(row?.interactiveMs), 1500)
    absolute(`${page} link transfer ≤ 1.3 MB (1,300,000 bytes)`, row, num(row?.transferBytes), 1_300_000)
  }
  // Issue 23: five minutes at 10,000 requests/s simulated in a worker within 10 s.
  const sim = find('sim', 'roofline')
  absolute('simulate 5 min at 10k req/s ≤ 10,000 ms wall', sim, num(sim?.wallMs), 10_000)
  return results
}
