import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts'
import { startServerUnderTest } from './serverUnderTest.ts'
import { type PageName, sharedLinks, TRANSFER_NETWORK } from './transfer.ts'

/**
 * The critical path of one cold page load, on the transfer step's network (10 Mbit/s, 40 ms):
 * every request with when it started, when its first byte and its last byte came (ms since
 * navigation), its bytes, encoding and who asked for it; the sockets with their first frame;
 * the moments each part of "interactive" first held; and the page's long tasks (script
 * evaluation and rendering that held the main thread). It tells what waits on what; the
 * figures to judge a change by are the transfer step's medians.
 *
 *   node tests/bench/waterfall.ts [--page=candidate|replay|home] [--root=<checkout>] [--profile]
 *
 * `--profile` samples the page's JavaScript (CDP Profiler) and prints, per 50 ms of the page's
 * clock, the busiest function and script: what the main thread did while nothing arrived.
 */

interface RequestLog {
  url: string
  type: string
  start: number
  firstByte?: number
  end?: number
  bytes?: number
  encoding?: string
  initiator: string
}

/** Watched in the page: the first moment each part of "interactive" holds, and the long tasks. */
const MILESTONES_SCRIPT = `(() => {
  const marks = {}
  const longTasks = []
  window.__waterfall = { marks, longTasks }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push([Math.round(e.startTime), Math.round(e.duration)])
    }).observe({ type: 'longtask', buffered: true })
  } catch {}
  const checks = {
    root: () => document.querySelector('#root > *'),
    editor: () => window.__rooflineEditor,
    toolbar: () => document.querySelector('.tlui-main-toolbar'),
    connected: () => document.querySelector('[data-testid="connection-state"][data-state="connected"]'),
    shapes: () => document.querySelector('[data-kit-type]'),
    scrubber: () => document.querySelector('[data-testid="scrubber"]'),
    templates: () => document.querySelector('.template-list li'),
  }
  const poll = () => {
    for (const [name, check] of Object.entries(checks))
      if (!(name in marks) && check()) marks[name] = Math.round(performance.now())
    if (Object.keys(marks).length < Object.keys(checks).length) requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
})()`

function argument(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
}

function shortUrl(url: string): string {
  const parsed = new URL(url)
  const tail =
    parsed.pathname + (parsed.search.length > 40 ? `${parsed.search.slice(0, 40)}…` : parsed.search)
  return tail.length > 70 ? `${tail.slice(0, 67)}…` : tail
}

interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
    parent?: number
    children?: number[]
  }[]
  startTime: number
  samples?: number[]
  timeDeltas?: number[]
}

/**
 * Per 50 ms bucket of the load (ms since the document request, CDP monotonic clock): the share
 * of samples that ran script, and the script and function most often on top of the stack.
 */
function printProfile(profile: CpuProfile, zeroSeconds: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const buckets = new Map<number, { busy: number; all: number; tops: Map<string, number> }>()
  let time = profile.startTime
  profile.samples?.forEach((id, i) => {
    time += profile.timeDeltas?.[i] ?? 0
    const ms = Math.round(time / 1000 - zeroSeconds * 1000)
    const bucket = Math.floor(ms / 50) * 50
    const entry = buckets.get(bucket) ?? { busy: 0, all: 0, tops: new Map<string, number>() }
    buckets.set(bucket, entry)
    entry.all++
    const frame = byId.get(id)?.callFrame
    if (!frame || ['(idle)', '(program)'].includes(frame.functionName)) return
    entry.busy++
    const where = frame.url ? shortUrl(frame.url).replace(/^\/assets\//, '') : ''
    const key = `${frame.functionName || '(anonymous)'} ${where}`
    entry.tops.set(key, (entry.tops.get(key) ?? 0) + 1)
  })
  console.table(
    [...buckets.entries()]
      .filter(([bucket, b]) => bucket >= 0 && b.busy > 0)
      .sort(([a], [b]) => a - b)
      .map(([bucket, b]) => ({
        ms: bucket,
        busyPct: Math.round((100 * b.busy) / b.all),
        top: [...b.tops.entries()]
          .sort((x, y) => y[1] - x[1])
          .slice(0, 2)
          .map(([k, n]) => `${k} ${Math.round((100 * n) / b.busy)}%`)
          .join(' | '),
      })),
  )
}

async function main(): Promise<void> {
  const pageName = (argument('page') ?? 'candidate') as PageName
  const root = argument('root')
  const server = await startServerUnderTest('roofline', root ? { root } : {})
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  try {
    const links = await sharedLinks(browser, `http://127.0.0.1:${server.port}`)
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await context.addInitScript(MILESTONES_SCRIPT)
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await cdp.send('Network.emulateNetworkConditions', TRANSFER_NETWORK)
    const profile = process.argv.includes('--profile')
    if (profile) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
      await cdp.send('Profiler.start')
    }
    let zero = -1
    const at = (timestamp: number) => Math.round((timestamp - zero) * 1000)
    const requests = new Map<string, RequestLog>()
    cdp.on('Network.requestWillBeSent', ({ requestId, request, timestamp, type, initiator }) => {
      if (zero < 0) zero = timestamp
      const by = initiator.url ?? initiator.stack?.callFrames?.[0]?.url ?? initiator.type
      requests.set(requestId, {
        url: request.url,
        type: type ?? '?',
        start: at(timestamp),
        initiator: by.startsWith('http') ? shortUrl(by) : by,
      })
    })
    cdp.on('Network.responseReceived', ({ requestId, timestamp, response }) => {
      const entry = requests.get(requestId)
      if (!entry) return
      entry.firstByte = at(timestamp)
      const headers = Object.fromEntries(
        Object.entries(response.headers).map(([key, value]) => [key.toLowerCase(), String(value)]),
      )
      entry.encoding = headers['content-encoding'] ?? 'identity'
    })
    cdp.on('Network.loadingFinished', ({ requestId, timestamp, encodedDataLength }) => {
      const entry = requests.get(requestId)
      if (!entry) return
      entry.end = at(timestamp)
      entry.bytes = encodedDataLength
    })
    const sockets = new Map<string, { url: string; created: number; firstFrame?: number }>()
    cdp.on('Network.webSocketCreated', ({ requestId, url }) => {
      sockets.set(requestId, { url, created: -1 })
    })
    cdp.on('Network.webSocketWillSendHandshakeRequest', ({ requestId, timestamp }) => {
      const socket = sockets.get(requestId)
      if (socket) socket.created = at(timestamp)
    })
    cdp.on('Network.webSocketFrameReceived', ({ requestId, timestamp }) => {
      const socket = sockets.get(requestId)
      if (socket && socket.firstFrame === undefined) socket.firstFrame = at(timestamp)
    })
    await page.goto(links[pageName], { waitUntil: 'commit' })
    await page.waitForTimeout(6000)
    const { marks, longTasks } = (await page.evaluate('window.__waterfall')) as {
      marks: Record<string, number>
      longTasks: [number, number][]
    }
    console.log(`${pageName}: ${links[pageName]}`)
    console.table(
      [...requests.values()]
        .sort((a, b) => a.start - b.start)
        .map((r) => ({
          start: r.start,
          firstByte: r.firstByte ?? '',
          end: r.end ?? '',
          kB: r.bytes === undefined ? '' : Math.round(r.bytes / 100) / 10,
          enc: r.encoding ?? '',
          type: r.type,
          url: shortUrl(r.url),
          by: r.initiator,
        })),
    )
    console.table([...sockets.values()].map((s) => ({ ...s, url: shortUrl(s.url) })))
    console.log('milestones (page clock, ms):', marks)
    console.log(
      `long tasks (start+duration ms): ${longTasks.map(([s, d]) => `${s}+${d}`).join(', ')}; total ${longTasks.reduce((sum, [, d]) => sum + d, 0)} ms`,
    )
    if (profile) printProfile((await cdp.send('Profiler.stop')).profile, zero)
    const total = [...requests.values()].reduce((sum, r) => sum + (r.bytes ?? 0), 0)
    console.log(`requests ${requests.size}, bytes ${total}`)
    await context.close()
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
