import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTcpProxy } from '../support/tcpProxy.ts'
import { type Browser, type BrowserContext, expect, type Page, test } from './fixtures.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

/** Fails the test on any request that leaves this machine (tldraw's CDN, fonts, anything). */
function forbidOutsideRequests(page: Page, outside: string[]) {
  page.on('request', (request) => {
    const url = new URL(request.url())
    const leavesMachine =
      /^(https?|wss?):$/.test(url.protocol) && !['127.0.0.1', 'localhost'].includes(url.hostname)
    if (leavesMachine) outside.push(request.url())
  })
}

async function openBoard(context: BrowserContext, url: string, outside: string[]): Promise<Page> {
  const page = await context.newPage()
  forbidOutsideRequests(page, outside)
  await page.goto(url)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await expect(page.locator('.tl-canvas')).toBeVisible()
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

async function shapeCount(page: Page, type?: string): Promise<number> {
  return page.evaluate(
    (t) => window.__rooflineEditor?.getCurrentPageShapes().filter((s) => !t || s.type === t).length ?? -1,
    type,
  )
}

async function drawRectangle(page: Page, x: number, y: number) {
  // Focus the canvas on an empty spot, below the menus and above the toolbar.
  await page.mouse.click(x - 60, y - 40)
  await page.keyboard.press('r')
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + 80, y + 50, { steps: 4 })
  await page.mouse.move(x + 160, y + 100, { steps: 4 })
  await page.mouse.up()
}

async function twoPeople(browser: Browser, outside: string[]) {
  const first = await browser.newContext()
  const home = await first.newPage()
  forbidOutsideRequests(home, outside)
  await home.goto('/')
  await expect(home.getByRole('heading', { level: 1 })).toBeVisible()
  await home.getByRole('button', { name: 'New board' }).click()
  await home.waitForURL(/\/b\/[A-Za-z0-9_-]{22}$/)
  await expect(home.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await home.waitForFunction(() => Boolean(window.__rooflineEditor))
  const second = await browser.newContext()
  const other = await openBoard(second, home.url(), outside)
  return { ana: home, ben: other, contexts: [first, second] }
}

test('two people draw on one board: shapes within a second, cursors, reload keeps it', async ({
  browser,
}) => {
  const outside: string[] = []
  const { ana, ben, contexts } = await twoPeople(browser, outside)
  await ana.getByLabel('Your name').fill('Ana')
  await ben.getByLabel('Your name').fill('Ben')

  await drawRectangle(ana, 400, 250)
  expect(await shapeCount(ana, 'geo')).toBe(1)
  const drawnAt = Date.now()
  await expect.poll(() => shapeCount(ben, 'geo'), { timeout: 1000, intervals: [25] }).toBe(1)
  const seenAfterMs = Date.now() - drawnAt
  test.info().annotations.push({ type: 'rectangle-latency-ms', description: String(seenAfterMs) })

  // Ana's cursor, with her name, on Ben's screen.
  await ana.mouse.move(700, 420, { steps: 5 })
  await ana.mouse.move(720, 430, { steps: 5 })
  const anaCursor = ben.locator('.tl-collaborators__item .tl-nametag', { hasText: 'Ana' })
  await expect(anaCursor).toBeVisible()

  await ben.mouse.move(300, 500, { steps: 5 })
  await expect(ana.locator('.tl-collaborators__item .tl-nametag', { hasText: 'Ben' })).toBeVisible()
  await ana.screenshot({ path: path.join(artifacts, 'board-two-users.png') })

  // The toolbar's icons are drawn from self-hosted files: each has a mask image from this server.
  const iconSources = await ana
    .locator('.tlui-toolbar .tlui-icon')
    .evaluateAll((icons) =>
      icons.map((icon) => getComputedStyle(icon).maskImage || getComputedStyle(icon).webkitMaskImage),
    )
  expect(iconSources.length).toBeGreaterThan(5)
  for (const source of iconSources)
    expect(source).toMatch(/url\("?(http:\/\/127\.0\.0\.1|data:|blob:http:\/\/127\.0\.0\.1)/)

  await ben.reload()
  await expect(ben.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await ben.waitForFunction(() => Boolean(window.__rooflineEditor))
  await expect.poll(() => shapeCount(ben, 'geo')).toBe(1)

  expect(outside).toEqual([])
  for (const context of contexts) await context.close()
})

test('undo takes back only your own edits', async ({ browser }) => {
  const outside: string[] = []
  const { ana, ben, contexts } = await twoPeople(browser, outside)
  await drawRectangle(ana, 300, 200)
  await expect.poll(() => shapeCount(ben, 'geo')).toBe(1)
  await drawRectangle(ben, 600, 400)
  await expect.poll(() => shapeCount(ana, 'geo')).toBe(2)

  await ana.keyboard.press('ControlOrMeta+z')
  await expect.poll(() => shapeCount(ana, 'geo')).toBe(1)
  await expect.poll(() => shapeCount(ben, 'geo')).toBe(1)
  // What is left is Ben's rectangle, on both screens.
  const remaining = (page: Page) =>
    page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().map((s) => Math.round(s.x)))
  expect(await remaining(ana)).toEqual(await remaining(ben))

  await ana.keyboard.press('ControlOrMeta+Shift+z')
  await expect.poll(() => shapeCount(ben, 'geo')).toBe(2)
  for (const context of contexts) await context.close()
})

test('edits made while the network is down merge when it comes back', async ({ browser, baseURL }) => {
  const outside: string[] = []
  const { ana, ben, contexts } = await twoPeople(browser, outside)
  // Ana reaches the server through a link we can cut: a real outage, not a simulated one.
  const proxy = await startTcpProxy(Number(new URL(baseURL ?? '').port))
  const boardUrl = new URL(ana.url())
  await ana.goto(`http://127.0.0.1:${proxy.port}${boardUrl.pathname}`)
  await expect(ana.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await ana.waitForFunction(() => Boolean(window.__rooflineEditor))

  proxy.cut()
  await expect(ana.getByTestId('connection-state')).toHaveAttribute('data-state', 'reconnecting')
  await drawRectangle(ana, 350, 300)
  await drawRectangle(ben, 700, 200)
  expect(await shapeCount(ana, 'geo')).toBe(1)
  await ana.screenshot({ path: path.join(artifacts, 'board-reconnecting.png') })

  proxy.restore()
  await expect(ana.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 15_000,
  })
  await expect.poll(() => shapeCount(ana, 'geo')).toBe(2)
  await expect.poll(() => shapeCount(ben, 'geo')).toBe(2)
  await proxy.close()
  for (const context of contexts) await context.close()
})

test("a 5,000-shape board (past tldraw's default 4,000 a page) syncs and renders for a newcomer", async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const outside: string[] = []
  const { ana, contexts } = await twoPeople(browser, outside)
  const created = await ana.evaluate(() => {
    const editor = window.__rooflineEditor
    if (!editor) return -1
    // In chunks, as a long session would add them: a 100 × 50 grid of labelled boxes.
    for (let chunk = 0; chunk < 10; chunk++) {
      editor.createShapes(
        Array.from({ length: 500 }, (_, k) => {
          const i = chunk * 500 + k
          return {
            type: 'geo',
            x: (i % 100) * 120,
            y: Math.floor(i / 100) * 80,
            props: { w: 100, h: 60, geo: 'rectangle' },
          }
        }),
      )
    }
    return editor.getCurrentPageShapes().length
  })
  expect(created).toBe(5000)

  const newcomer = await browser.newContext()
  contexts.push(newcomer)
  const openedAt = Date.now()
  const cara = await openBoard(newcomer, ana.url(), outside)
  await expect.poll(() => shapeCount(cara, 'geo'), { timeout: 60_000 }).toBe(5000)
  test.info().annotations.push({ type: 'open-5000-shapes-ms', description: String(Date.now() - openedAt) })
  await cara.evaluate(() => {
    window.__rooflineEditor?.zoomToFit()
  })
  // Rendered, not just in the store: the shapes are on the canvas.
  await expect.poll(() => cara.locator('.tl-shape').count(), { timeout: 30_000 }).toBeGreaterThan(1000)
  await cara.screenshot({ path: path.join(artifacts, 'board-5000-shapes.png') })
  expect(outside).toEqual([])
  for (const context of contexts) await context.close()
})

test('a bad board link gets a clear page', async ({ page }) => {
  await page.goto('/b/not a valid id!')
  await expect(page.getByRole('heading', { name: 'This is not a valid board link' })).toBeVisible()
})
