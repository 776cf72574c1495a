import type { MedianRow, Spread } from './aggregate.ts'

const COLOURS: Record<string, string> = {
  roofline: '#3b5bdb',
  'y-websocket': '#2f9e44',
  'y-websocket-leveldb': '#0c8599',
  hocuspocus: '#e8590c',
}

/** One chart: groups along the x axis (a step), one bar a server within each. */
export interface ChartSpec {
  file: string
  title: string
  /** The y axis label, unit included. */
  unit: string
  rows: MedianRow[]
  /** The field charted (a key of `spread`). */
  field: string
  /** The group a row belongs to, as labelled under the axis. */
  group: (row: MedianRow) => string
  /** The bar's label within its group (default: the server). */
  series?: (row: MedianRow) => string
  /** Scales the figure for display (e.g. bytes to KiB). */
  scale?: number
  /** A horizontal line for an absolute target. */
  limit?: { value: number; label: string }
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')

/**
 * An SVG bar chart of medians over the runs, each bar with a min–max whisker, one colour a
 * server. Drawn by hand so the benchmark needs no chart library.
 */
export function barChartSvg(spec: ChartSpec): string {
  const scale = spec.scale ?? 1
  const seriesOf = spec.series ?? ((row: MedianRow) => row.server)
  const bars = spec.rows
    .filter((row) => row.spread[spec.field])
    .map((row) => ({
      group: spec.group(row),
      series: seriesOf(row),
      colour: COLOURS[row.server] ?? '#495057',
      ...scaled(row.spread[spec.field] as Spread, scale),
      of: row.runsMeasured,
    }))
  const groups = [...new Set(bars.map((b) => b.group))]
  const series = [...new Set(bars.map((b) => b.series))]
  const maxY = axisTop(bars, (spec.limit?.value ?? 0) * scale)
  const width = 720
  const left = 80
  const right = 700
  const top = 58
  const bottom = 300
  const legendTop = 338
  const height = legendTop + 20 * Math.ceil(series.length / 2) + 8
  // A bar or whisker past the axis (an outlier run) is cut at the top; its label keeps the figure.
  const y = (value: number) => bottom - (Math.min(value, maxY) / maxY) * (bottom - top)
  const groupWidth = (right - left) / Math.max(1, groups.length)
  const barWidth = Math.min(48, (groupWidth * 0.8) / Math.max(1, series.length))
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY / 4) * i)
  const digits = maxY < 10 ? 2 : maxY < 100 ? 1 : 0
  const drawn = bars.map((bar) => {
    const g = groups.indexOf(bar.group)
    const s = series.indexOf(bar.series)
    const x = left + groupWidth * g + (groupWidth - barWidth * series.length) / 2 + barWidth * s
    const mid = x + barWidth / 2
    return `<rect x="${x + 2}" y="${y(bar.median)}" width="${barWidth - 4}" height="${bottom - y(bar.median)}" fill="${bar.colour}" opacity="0.85"><title>${xmlText(`${bar.series} ${bar.group}: median ${bar.median}, min ${bar.min}, max ${bar.max} (${bar.runs} of ${bar.of} runs)`)}</title></rect>
  <line x1="${mid}" x2="${mid}" y1="${y(bar.min)}" y2="${y(bar.max)}" stroke="#212529" stroke-width="1.5"/>
  <line x1="${mid - 5}" x2="${mid + 5}" y1="${y(bar.min)}" y2="${y(bar.min)}" stroke="#212529" stroke-width="1.5"/>
  <line x1="${mid - 5}" x2="${mid + 5}" y1="${y(bar.max)}" y2="${y(bar.max)}" stroke="#212529" stroke-width="1.5"/>
  <text x="${mid}" y="${y(bar.max) - 4}" font-size="10" text-anchor="middle" fill="#212529">${format(bar.median)}${bar.runs < bar.of ? ` (${bar.runs}/${bar.of})` : ''}</text>`
  })
  const legend = series.map((name, i) => {
    const colour = bars.find((b) => b.series === name)?.colour ?? '#495057'
    const lx = left + (i % 2) * 300
    const ly = legendTop + Math.floor(i / 2) * 20
    return `<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${colour}"/><text x="${lx + 18}" y="${ly}" font-size="12">${xmlText(name)}</text>`
  })
  const limit = spec.limit
    ? `<line x1="${left}" x2="${right}" y1="${y(spec.limit.value * scale)}" y2="${y(spec.limit.value * scale)}" stroke="#c92a2a" stroke-dasharray="6 4"/><text x="${right}" y="${y(spec.limit.value * scale) - 4}" font-size="11" text-anchor="end" fill="#c92a2a">${xmlText(spec.limit.label)}</text>`
    : ''
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
  <rect width="100%" height="100%" fill="white"/>
  <text x="${left}" y="22" font-size="14" font-weight="bold">${xmlText(spec.title)}</text>
  <text x="${left}" y="38" font-size="11" fill="#868e96">bars: median over the runs; whiskers: min–max of the runs (cut at the top of the axis); (n/N): only n runs kept a window</text>
  ${ticks.map((t) => `<line x1="${left}" x2="${right}" y1="${y(t)}" y2="${y(t)}" stroke="#e9ecef"/><text x="${left - 8}" y="${y(t) + 4}" font-size="11" text-anchor="end" fill="#495057">${t.toFixed(digits)}</text>`).join('\n  ')}
  ${groups.map((name, g) => `<text x="${left + groupWidth * (g + 0.5)}" y="${bottom + 18}" font-size="11" text-anchor="middle" fill="#495057">${xmlText(name)}</text>`).join('')}
  <text x="18" y="${(top + bottom) / 2}" font-size="12" transform="rotate(-90 18 ${(top + bottom) / 2})" text-anchor="middle">${xmlText(spec.unit)}</text>
  ${drawn.join('\n  ')}
  ${limit}
  ${legend.join('\n  ')}
</svg>
`
}

/**
 * The top of the y axis: room for every whisker, unless one bar's median is over three times
 * the next largest (a run that lagged badly), which would flatten all the others: then the
 * axis fits the other bars and that one is cut.
 */
function axisTop(bars: Spread[], limit: number): number {
  const medians = bars.map((b) => b.median).sort((a, b) => b - a)
  const [largest = 0, next = 0] = medians
  const outlier = next > 0 && largest > 3 * next
  const fitted = bars.filter((b) => !outlier || b.median < largest).map((b) => (outlier ? b.median : b.max))
  return Math.max(1e-9, ...fitted, limit) * (outlier ? 1.6 : 1.15)
}

function scaled(spread: Spread, scale: number): Spread {
  return { ...spread, median: spread.median * scale, min: spread.min * scale, max: spread.max * scale }
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
}

/** The charts of a results set: one per scenario (fan-out and the big room have latency and CPU). */
export function benchCharts(rows: MedianRow[], machine: string): ChartSpec[] {
  const chart = (
    file: string,
    scenario: string,
    title: string,
    unit: string,
    field: string,
    group: (row: MedianRow) => string,
    more: Partial<ChartSpec> = {},
  ): ChartSpec => ({
    file,
    title,
    unit,
    field,
    group,
    rows: rows.filter((r) => r.scenario === scenario),
    ...more,
  })
  const rooms = (row: MedianRow) => `${row.rooms} rooms`
  const page = (row: MedianRow) => String(row.page)
  const cpu = 'CPU ms per 1,000 deliveries'
  const onlyRoofline = { series: () => 'roofline' }
  return [
    chart('fan-out-p99.svg', 'fan-out', `Fan-out p99 latency, ${machine}`, 'p99 (ms)', 'p99Ms', rooms),
    chart(
      'fan-out-cpu.svg',
      'fan-out',
      'Fan-out: server CPU per 1,000 delivered updates',
      cpu,
      'serverCpuMsPer1000Deliveries',
      rooms,
    ),
    chart(
      'big-room.svg',
      'big-room',
      'One big room (50 clients, 5 drawing at 20 Hz): p99',
      'p99 (ms)',
      'p99Ms',
      () => 'p99',
    ),
    chart(
      'big-room-cpu.svg',
      'big-room',
      'One big room: server CPU per 1,000 delivered updates',
      cpu,
      'serverCpuMsPer1000Deliveries',
      () => 'CPU',
    ),
    chart(
      'join.svg',
      'join',
      'Join a 5,000-shape board: p95 connect-to-synced',
      'p95 (ms)',
      'p95Ms',
      () => 'join p95',
      {
        limit: { value: 100, label: 'target 100 ms' },
      },
    ),
    chart(
      'memory.svg',
      'memory',
      'Memory per room (100 shapes, 2 clients) after a forced GC',
      'RSS per room (KiB)',
      'rssPerRoomBytes',
      rooms,
      {
        scale: 1 / 1024,
      },
    ),
    chart(
      'scale-out.svg',
      'fan-out-scale-out',
      'Fan-out 100 rooms on PostgreSQL: 1 Roofline process vs 2 over Redis',
      'p99 (ms)',
      'p99Ms',
      (row) => `${row.processes ?? 1} process(es)`,
      {
        series: (row) => `roofline ×${row.processes ?? 1}`,
      },
    ),
    chart(
      'replay.svg',
      'replay',
      'Replay of a 45-minute session (Roofline): seek p95',
      'seek p95 (ms)',
      'seekP95Ms',
      () => 'seek p95',
      {
        limit: { value: 60, label: 'target 60 ms' },
      },
    ),
    chart(
      'transfer.svg',
      'transfer',
      'Links opened cold at 10 Mbit/s, 40 ms: time to interactive',
      'interactive (ms)',
      'interactiveMs',
      page,
      {
        ...onlyRoofline,
        limit: { value: 1500, label: 'target 1,500 ms' },
      },
    ),
    chart(
      'transfer-bytes.svg',
      'transfer',
      'Links opened cold: bytes on the wire',
      'transfer (KB)',
      'transferBytes',
      page,
      {
        ...onlyRoofline,
        scale: 1 / 1000,
        limit: { value: 1_300_000, label: 'target 1.3 MB' },
      },
    ),
  ]
}
