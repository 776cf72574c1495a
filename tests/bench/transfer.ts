import { type Browser, type CDPSession, chromium, type Page } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts'
import type { BenchRow } from './scenarios.ts'
import type { ServerUnderTest } from './serverUnderTest.ts'
import { median } from './stats.ts'

/**
 * What a recipient of a link downloads before the page is usable, and how long that takes on
 * an ordinary connection: each page is opened cold (a fresh browser context, the HTTP cache
 * disabled) in real Chromium with the network throttled through the DevTools protocol.
 */

/** The connection every page is measured on: 10 Mbit/s down, 5 Mbit/s up, 40 ms round trip. */
export const TRANSFER_NETWORK = {
  offline: false,
  latency: 40,
  downloadThroughput: (10 * 1e6) / 8,
  uploadThroughput: (5 * 1e6) / 8,
}

/**
 * When each page counts as interactive: the moment the check first holds in the page, on the
 * page's own clock (ms since navigation started), polled every animation frame.
 */
const INTERACTIVE = {
  candidate:
    'the board is usable: the tldraw editor mounted, its toolbar rendered, the room synced (connection badge "connected") and the kit shapes drawn',
  replay: 'the replay is usable: the tldraw editor mounted, its toolbar and the scrubber rendered',
  home: "the start page's template list shows its templates",
} as const

/** The pages measured: the candidate link, a replay link and the start page. */
export type PageName = keyof typeof INTERACTIVE

/** The check for `name`, run in the page; answers the page's clock once it holds. */
export function interactiveCheck(name: PageName): () => number | false {
  switch (name) {
    case 'candidate':
      return () =>
        Boolean(
          (window as { __rooflineEditor?: unknown }).__rooflineEditor &&
            document.querySelector('.tlui-main-toolbar') &&
            document.querySelector('[data-testid="connection-state"][data-state="connected"]') &&
            document.querySelector('[data-kit-type]'),
        ) && performance.now()
    case 'replay':
      return () =>
        Boolean(
          (window as { __rooflineEditor?: unknown }).__rooflineEditor &&
            document.querySelector('.tlui-main-toolbar') &&
            document.querySelector('[data-testid="scrubber"]'),
        ) && performance.now()
    case 'home':
      return () => document.querySelectorAll('.template-list li').length > 0 && performance.now()
  }
}

/** One cold load of a page. */
interface Load {
  interactiveMs: number
  /** Bytes on the wire (headers and bodies) until interactive, and once the page went quiet. */
  bytesToInteractive: number
  bytes: number
  /** Bodies as the page used them, decompressed. */
  decodedBytes: number
  requests: number
  fontRequests: number
  fontBytes: number
  /** Content-Encoding of the responses, counted. */
  encodings: Record<string, number>
}

/** Follows every request of a page through the DevTools protocol. */
function watchNetwork(cdp: CDPSession) {
  const responses = new Map<string, { type: string; encoding: string; decoded: number }>()
  const finished = new Map<string, number>()
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([key, value]) => [key.toLowerCase(), String(value)]),
    )
    responses.set(requestId, { type, encoding: headers['content-encoding'] ?? 'identity', decoded: 0 })
  })
  cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
    const entry = responses.get(requestId)
    if (entry) entry.decoded += dataLength
  })
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    finished.set(requestId, encodedDataLength)
  })
  const bytes = () => [...finished.values()].reduce((sum, n) => sum + n, 0)
  return {
    bytes,
    summary(): Omit<Load, 'interactiveMs' | 'bytesToInteractive'> {
      const fonts = [...finished.keys()].filter((id) => responses.get(id)?.type === 'Font')
      const encodings: Record<string, number> = {}
      for (const id of finished.keys()) {
        const encoding = responses.get(id)?.encoding ?? 'identity'
        encodings[encoding] = (encodings[encoding] ?? 0) + 1
      }
      return {
        bytes: bytes(),
        decodedBytes: [...finished.keys()].reduce((sum, id) => sum + (responses.get(id)?.decoded ?? 0), 0),
        requests: finished.size,
        fontRequests: fonts.length,
        fontBytes: fonts.reduce((sum, id) => sum + (finished.get(id) ?? 0), 0),
        encodings,
      }
    },
  }
}

/** Opens `url` cold on the throttled network and measures it; the context is closed after. */
async function coldLoad(browser: Browser, url: string, name: PageName): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await cdp.send('Network.emulateNetworkConditions', TRANSFER_NETWORK)
    const network = watchNetwork(cdp)
    await page.goto(url, { waitUntil: 'commit' })
    const handle = await page.waitForFunction(interactiveCheck(name), undefined, {
      polling: 'raf',
      timeout: 120_000,
    })
    const interactiveMs = (await handle.jsonValue()) as number
    const bytesToInteractive = network.bytes()
    await settle(page, network.bytes)
    return { interactiveMs, bytesToInteractive, ...network.summary() }
  } finally {
    await context.close()
  }
}

/** Waits until nothing more arrives for two seconds (fonts and images load after the page). */
async function settle(page: Page, bytes: () => number): Promise<void> {
  let last = -1
  for (let quietMs = 0; quietMs < 2000; ) {
    await page.waitForTimeout(250)
    const now = bytes()
    quietMs = now === last ? quietMs + 250 : 0
    last = now
  }
}

/** A session on `origin` whose board holds a template's starter diagram, and a replay link. */
export async function sharedLinks(browser: Browser, origin: string): Promise<Record<PageName, string>> {
  const created = await fetch(`${origin}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      templateId: 'llm-70b-cost-reduction',
      names: { interviewer: 'Ana', candidate: 'Ben' },
    }),
  })
  if (created.status !== 201) throw new Error(`create session: ${created.status} ${await created.text()}`)
  const { id, links } = (await created.json()) as { id: string; links: Record<string, string> }
  const interviewer = links.interviewer ?? ''
  // The interviewer's first visit seeds the starter diagram (unthrottled: not measured).
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(interviewer)
  await page.waitForSelector('[data-kit-type]', { timeout: 60_000 })
  await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]')
  await context.close()
  const replay = await fetch(`${origin}/api/sessions/${id}/replay-links`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${new URL(interviewer).hash.replace('#token=', '')}`,
    },
    body: JSON.stringify({ includePrivate: false }),
  })
  if (replay.status !== 201) throw new Error(`replay link: ${replay.status} ${await replay.text()}`)
  return {
    candidate: links.candidate ?? '',
    replay: ((await replay.json()) as { link: string }).link,
    home: `${origin}/`,
  }
}

/**
 * The transfer step: the candidate link, a replay link and the start page, each opened cold
 * `runs` times on {@link TRANSFER_NETWORK}; one row a page with the medians over the runs.
 */
export async function transferStep(server: ServerUnderTest, runs: number): Promise<BenchRow[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  try {
    const links = await sharedLinks(browser, `http://127.0.0.1:${server.port}`)
    const rows: BenchRow[] = []
    for (const name of Object.keys(INTERACTIVE) as PageName[]) {
      const loads: Load[] = []
      for (let run = 0; run < runs; run++) loads.push(await coldLoad(browser, links[name], name))
      const mid = (pick: (load: Load) => number) => median(loads.map(pick))
      rows.push({
        scenario: 'transfer',
        server: 'roofline',
        page: name,
        rooms: 0,
        clients: 1,
        p50Ms: null,
        p95Ms: null,
        p99Ms: null,
        updatesPerSecond: null,
        rssBytes: 0,
        interactiveMs: Math.round(mid((l) => l.interactiveMs)),
        interactiveMsPerRun: loads.map((l) => Math.round(l.interactiveMs)),
        bytesToInteractive: mid((l) => l.bytesToInteractive),
        transferBytes: mid((l) => l.bytes),
        decodedBytes: mid((l) => l.decodedBytes),
        requests: mid((l) => l.requests),
        fontRequests: mid((l) => l.fontRequests),
        fontBytes: mid((l) => l.fontBytes),
        encodings: loads[0]?.encodings ?? {},
        runs,
        network: '10 Mbit/s down, 5 Mbit/s up, 40 ms RTT, cache disabled, fresh context (CDP)',
        interactiveWhen: INTERACTIVE[name],
      })
    }
    return rows
  } finally {
    await browser.close()
  }
}
