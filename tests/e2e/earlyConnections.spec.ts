import type { CDPSession, Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'

/**
 * A session or board link opens its sockets while the page's code and tldraw still download
 * (client/src/net/earlyConnections.ts), and the page takes those sockets over instead of
 * opening its own. Measured on a throttled network (10 Mbit/s, 40 ms, as the transfer bench),
 * where tldraw's chunk takes the better part of a second to arrive.
 */

async function throttle(cdp: CDPSession): Promise<void> {
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 40,
    downloadThroughput: (10 * 1e6) / 8,
    uploadThroughput: (5 * 1e6) / 8,
  })
}

/** Every WebSocket the page opens (when, and whether it closed), and when tldraw's chunk finished. */
function watch(page: Page) {
  const sockets: { url: string; openedAt: number; closed: boolean }[] = []
  let tldrawArrivedAt = 0
  page.on('websocket', (socket) => {
    const entry = { url: socket.url(), openedAt: Date.now(), closed: false }
    sockets.push(entry)
    socket.on('close', () => {
      entry.closed = true
    })
  })
  page.on('requestfinished', (request) => {
    if (/\/assets\/tldraw-[\w-]+\.js$/.test(request.url())) tldrawArrivedAt = Date.now()
  })
  return {
    sockets,
    tldrawArrivedAt: () => tldrawArrivedAt,
    board: () => sockets.filter((s) => s.url.includes('/yjs/')),
    control: () => sockets.filter((s) => s.url.includes('/socket.io/')),
  }
}

test('a candidate link opens its control and board sockets before tldraw has arrived, and the page uses them', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000)
  const created = await request.post('/api/sessions', {
    data: { templateId: 'llm-70b-cost-reduction', names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const { links } = (await created.json()) as { links: Record<string, string> }
  const context = await browser.newContext()
  const page = await context.newPage()
  await throttle(await context.newCDPSession(page))
  const seen = watch(page)
  await page.goto(links.candidate ?? '')
  await expect(page.getByTestId('role')).toHaveText('candidate', { timeout: 60_000 })
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  expect(seen.tldrawArrivedAt()).toBeGreaterThan(0)
  // One socket each: the page took over the early ones rather than opening its own.
  expect(seen.board()).toHaveLength(1)
  expect(seen.control()).toHaveLength(1)
  expect(seen.board()[0]?.openedAt).toBeLessThan(seen.tldrawArrivedAt())
  expect(seen.control()[0]?.openedAt).toBeLessThan(seen.tldrawArrivedAt())
  // The taken-over board syncs both ways: a shape drawn here reaches the room.
  await page.evaluate(() => {
    window.__rooflineEditor?.createShapes([{ type: 'geo', x: 40, y: 40, props: { w: 80, h: 60 } }])
  })
  const interviewer = await (await browser.newContext()).newPage()
  await interviewer.goto(links.interviewer ?? '')
  await interviewer.waitForFunction(
    () => (window.__rooflineEditor?.getCurrentPageShapes() ?? []).some((s) => s.type === 'geo' && s.x === 40),
    undefined,
    { timeout: 30_000 },
  )
})

test('a scratch board link opens its board socket before tldraw has arrived', async ({
  browser,
  request,
}) => {
  test.setTimeout(60_000)
  const created = await request.post('/api/boards')
  expect(created.status()).toBe(201)
  const { url } = (await created.json()) as { url: string }
  const context = await browser.newContext()
  const page = await context.newPage()
  await throttle(await context.newCDPSession(page))
  const seen = watch(page)
  await page.goto(url)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 60_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  expect(seen.board()).toHaveLength(1)
  expect(seen.board()[0]?.openedAt).toBeLessThan(seen.tldrawArrivedAt())
})

test('a session link the server refuses closes the board socket it opened early', async ({ page }) => {
  const response = await page.request.post('/api/sessions', { data: {} })
  const { id } = (await response.json()) as { id: string }
  const seen = watch(page)
  await page.goto(`/s/${id}#token=${'x'.repeat(43)}`)
  await expect(page.getByRole('heading', { name: 'This link does not open a session' })).toBeVisible()
  // The link was opened early (before the refusal was known) ...
  expect(seen.board().length).toBeGreaterThan(0)
  // ... and closed once the control socket was refused.
  await expect.poll(() => seen.board().every((socket) => socket.closed), { timeout: 10_000 }).toBe(true)
  // And it does not come back: no new board socket within a few reconnect periods.
  const opened = seen.board().length
  await page.waitForTimeout(6000)
  expect(seen.board()).toHaveLength(opened)
})
