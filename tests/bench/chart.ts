import type { BenchRow } from './scenarios.ts'

const COLOURS: Record<string, string> = {
  roofline: '#3b5bdb',
  'y-websocket': '#2f9e44',
  hocuspocus: '#e8590c',
}

/**
 * An SVG line chart of fan-out latency against the number of rooms, one colour per server:
 * p99 solid, p50 dashed. Drawn by hand so the benchmark needs no chart library. A step whose
 * windows were all discarded (the generator lagged) has no point.
 */
export function latencyChartSvg(rows: BenchRow[], title: string): string {
  const steps = rows.filter((row) => row.scenario === 'fan-out')
  const fanOut = steps.filter((row) => row.p99Ms !== null)
  const servers = [...new Set(steps.map((row) => row.server))]
  const xs = [...new Set(steps.map((row) => row.rooms))].sort((a, b) => a - b)
  const maxY = Math.max(1, ...fanOut.map((row) => row.p99Ms ?? 0)) * 1.15
  const width = 640
  const height = 376
  const left = 72
  const bottom = 300
  const top = 40
  const right = 600
  const x = (rooms: number) => left + ((xs.indexOf(rooms) + 0.5) / xs.length) * (right - left)
  const y = (ms: number) => bottom - (ms / maxY) * (bottom - top)
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY / 4) * i)
  const line = (server: string, figure: 'p50Ms' | 'p99Ms', dash: string) => {
    const points = fanOut
      .filter((row) => row.server === server && row[figure] !== null)
      .sort((a, b) => a.rooms - b.rooms)
      .map((row) => `${x(row.rooms).toFixed(1)},${y(row[figure] ?? 0).toFixed(1)}`)
    const colour = COLOURS[server] ?? '#495057'
    return `<polyline fill="none" stroke="${colour}" stroke-width="2.5" stroke-dasharray="${dash}" points="${points.join(' ')}"/>
  ${points.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3.5" fill="${colour}"/>`).join('')}`
  }
  const lines = servers.map((server, s) => {
    const colour = COLOURS[server] ?? '#495057'
    const measured = fanOut.filter((row) => row.server === server).length
    const label = `■ ${server} (${measured}/${xs.length} steps measured)`
    // Top left: latency grows with load, so the lines keep clear of that corner.
    return `${line(server, 'p99Ms', 'none')}
  ${line(server, 'p50Ms', '5 4')}
  <text x="${left + 12}" y="${top + 16 + s * 18}" font-size="12" fill="${colour}">${label}</text>`
  })
  const discarded = steps.reduce((sum, row) => sum + Number(row.discardedWindows ?? 0), 0)
  const windows = steps.reduce((sum, row) => sum + Number(row.windows ?? 0), 0)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
  <rect width="100%" height="100%" fill="white"/>
  <text x="${left}" y="24" font-size="14" font-weight="bold">${title}</text>
  ${ticks
    .map(
      (t) =>
        `<line x1="${left}" x2="${right}" y1="${y(t)}" y2="${y(t)}" stroke="#e9ecef"/><text x="${left - 8}" y="${y(t) + 4}" font-size="11" text-anchor="end" fill="#495057">${t.toFixed(1)}</text>`,
    )
    .join('\n  ')}
  ${xs.map((rooms) => `<text x="${x(rooms)}" y="${bottom + 18}" font-size="11" text-anchor="middle" fill="#495057">${rooms}</text>`).join('')}
  <text x="${(left + right) / 2}" y="${bottom + 40}" font-size="12" text-anchor="middle">rooms (3 clients each, 2 drawing at 10 Hz)</text>
  <text x="16" y="${(top + bottom) / 2}" font-size="12" transform="rotate(-90 16 ${(top + bottom) / 2})" text-anchor="middle">latency (ms): p99 solid, p50 dashed</text>
  <text x="${left}" y="${height - 6}" font-size="11" fill="#868e96">${discarded} of ${windows} windows discarded (generator's event loop late by more than the limit); a step with none left has no point</text>
  ${lines.join('\n  ')}
</svg>
`
}
