import { type Browser, expect, type Page, test } from '@playwright/test'

// Issue 19, items 3, 4 and 8: the session page's layout. The interviewer's material in tabs
// that fit one screen, with the note box always at hand; a side panel and palette that fold
// away and stay folded; parts, pinned results and revealed cards placed where nothing covers
// them; zoom to fit inside the panels; a 1024 px laptop and a tablet, by touch too.

test.describe.configure({ timeout: 150_000 })

interface Links {
  interviewer: string
  candidate: string
}

type Viewport = { width: number; height: number }

async function newSession(page: Page): Promise<Links> {
  const response = await page.request.post('/api/sessions', {
    data: { names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(response.status()).toBe(201)
  return ((await response.json()) as { links: Links }).links
}

/** Opens a session link in a browser of its own (a tablet when `touch`), once the board is up. */
async function open(browser: Browser, link: string, viewport: Viewport, touch = false): Promise<Page> {
  const page = await (await browser.newContext({ viewport, hasTouch: touch, isMobile: false })).newPage()
  await page.goto(link)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

/** Ana's and Ben's pages of a new session at `viewport`. */
async function join(browser: Browser, viewport: Viewport, touch = false): Promise<[Page, Page]> {
  const home = await (await browser.newContext()).newPage()
  const links = await newSession(home)
  return [
    await open(browser, links.interviewer, viewport, touch),
    await open(browser, links.candidate, viewport, touch),
  ]
}

/** What lies over the board (the same list the client keeps clear of). */
const PANELS = [
  '.tlui-menu-zone',
  '.tlui-style-panel',
  '.tlui-main-toolbar__inner',
  '.tlui-navigation-panel',
  '.kit-palette',
  '.kit-palette-toggle',
  '.kit-side > *',
  '.side-panel[data-drawer="true"]',
].join(', ')

/**
 * Each shape whose page bounds meet a panel's, the panels' DOM rectangles converted to page
 * space (clipped to the canvas): as `shape type / panel class`, empty when nothing is covered.
 * With `onlyRevealed`, only the revealed cards count (what the interviewer places: the rest
 * was placed in another person's view).
 */
function shapesUnderPanels(page: Page, onlyRevealed = false): Promise<string[]> {
  return page.evaluate(
    ([selector, revealedOnly]) => {
      const editor = window.__rooflineEditor
      if (!editor) return ['no editor']
      const canvas = editor.getViewportScreenBounds()
      const panels = [...document.querySelectorAll(selector)].flatMap((element) => {
        const r = element.getBoundingClientRect()
        // A panel inside a scrolling column (the estimates under the inspector) shows only there.
        const parent = element.parentElement
        const clip =
          parent && getComputedStyle(parent).overflowY !== 'visible' ? parent.getBoundingClientRect() : r
        const x0 = Math.max(r.left, clip.left, canvas.x)
        const y0 = Math.max(r.top, clip.top, canvas.y)
        const x1 = Math.min(r.right, clip.right, canvas.x + canvas.w)
        const y1 = Math.min(r.bottom, clip.bottom, canvas.y + canvas.h)
        if (r.width === 0 || r.height === 0 || x1 <= x0 || y1 <= y0) return []
        const a = editor.screenToPage({ x: x0, y: y0 })
        const b = editor.screenToPage({ x: x1, y: y1 })
        return [{ name: String(element.className).split(' ')[0], x0: a.x, y0: a.y, x1: b.x, y1: b.y }]
      })
      const shapes = editor
        .getCurrentPageShapes()
        .filter((shape) => !revealedOnly || shape.meta.revealedCard === true)
      return shapes.flatMap((shape) => {
        const s = editor.getShapePageBounds(shape.id)
        if (!s) return []
        return panels
          .filter((p) => s.x < p.x1 && p.x0 < s.x + s.w && s.y < p.y1 && p.y0 < s.y + s.h)
          .map((p) => `${shape.type} / ${p.name}`)
      })
    },
    [PANELS, onlyRevealed] as const,
  )
}

/** How many pairs of shapes on the page overlap. */
const overlappingShapes = (page: Page) =>
  page.evaluate(() => {
    const editor = window.__rooflineEditor
    const boxes = (editor?.getCurrentPageShapes() ?? []).map((s) => editor?.getShapePageBounds(s.id))
    let count = 0
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) {
        if (a && b && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) count++
      }
    })
    return count
  })

const shapeCount = (page: Page) =>
  page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length ?? -1)

/** Taps on a touch screen, clicks elsewhere. */
async function press(page: Page, target: ReturnType<Page['locator']>) {
  if (await page.evaluate(() => navigator.maxTouchPoints > 0)) await target.tap()
  else await target.click()
}

async function openPalette(page: Page) {
  const toggle = page.getByRole('button', { name: 'Parts', exact: true })
  if (await toggle.isVisible()) await press(page, toggle)
  await expect(page.getByTestId('parts-palette')).toBeVisible()
}

const panel = (page: Page) => page.locator('#session-panel')

test('the interviewer works in tabs that fit the screen, and writes a note from anywhere with Alt+N', async ({
  browser,
}) => {
  const [ana, ben] = await join(browser, { width: 1440, height: 900 })
  const tabs = ana.getByRole('tablist', { name: 'Session panel' }).getByRole('tab')
  await expect(tabs).toHaveText(['Prompt', 'Answers', 'Calc', 'Score', 'Notes'])
  await expect(ben.getByRole('tablist', { name: 'Session panel' }).getByRole('tab')).toHaveText([
    'Prompt',
    'Calc',
  ])
  await expect(ana.getByRole('tab', { name: 'Prompt' })).toHaveAttribute('aria-selected', 'true')
  await expect(ana.getByTestId('prompt')).toBeVisible()

  // Arrow keys, Home and End move along the tabs; one tab panel shows at a time.
  await ana.getByRole('tab', { name: 'Prompt' }).focus()
  await ana.keyboard.press('ArrowRight')
  await expect(ana.getByRole('tab', { name: 'Answers' })).toBeFocused()
  await expect(ana.getByRole('tab', { name: 'Answers' })).toHaveAttribute('aria-selected', 'true')
  await expect(ana.getByRole('region', { name: 'Hidden material' })).toBeVisible()
  await expect(ana.getByTestId('prompt')).toBeHidden()
  await ana.keyboard.press('End')
  await expect(ana.getByRole('tab', { name: 'Notes' })).toHaveAttribute('aria-selected', 'true')
  await ana.keyboard.press('ArrowRight')
  await expect(ana.getByRole('tab', { name: 'Prompt' })).toHaveAttribute('aria-selected', 'true')
  await ana.keyboard.press('ArrowLeft')
  await expect(ana.getByRole('tab', { name: 'Notes' })).toHaveAttribute('aria-selected', 'true')
  const selectedPanel = ana.getByRole('tabpanel')
  await expect(selectedPanel).toHaveCount(1)
  const labelledBy = await selectedPanel.getAttribute('aria-labelledby')
  await expect(ana.getByRole('tab', { name: 'Notes' })).toHaveAttribute('id', labelledBy ?? 'none')

  // Every tab fits the panel: the page never grows past the window, each tab scrolls inside.
  for (const name of ['Prompt', 'Answers', 'Calc', 'Score', 'Notes']) {
    await ana.getByRole('tab', { name }).click()
    const heights = await ana.evaluate(() => ({
      page: document.scrollingElement?.scrollHeight ?? 0,
      window: window.innerHeight,
      panel: document.querySelector('#session-panel')?.getBoundingClientRect().bottom ?? 0,
    }))
    expect(heights.page, `${name}: page height`).toBeLessThanOrEqual(heights.window)
    expect(heights.panel, `${name}: panel bottom`).toBeLessThanOrEqual(heights.window)
  }

  // The note box is at the foot of every tab, its shortcut shown; Alt+N reaches it from the board.
  await ana.getByRole('tab', { name: 'Answers' }).click()
  const noteBox = ana.getByLabel('New note')
  await expect(noteBox).toBeVisible()
  await expect(ana.getByRole('form', { name: 'Add a note' })).toContainText('Alt+N')
  await ana.locator('.tl-canvas').click({ position: { x: 300, y: 300 } })
  await ana.keyboard.press('Alt+N')
  await expect(noteBox).toBeFocused()
  await ana.keyboard.type('Ben asked for the peak load first')
  await ana.keyboard.press('Control+Enter')
  await expect(noteBox).toHaveValue('')
  await expect(ana.getByRole('tab', { name: 'Notes (1)' })).toBeVisible()
  await expect(ana.getByRole('tab', { name: 'Answers' })).toHaveAttribute('aria-selected', 'true')

  // With the panel folded away, Alt+N opens it on the note box.
  await ana.getByRole('button', { name: 'Panel' }).click()
  await expect(panel(ana)).toBeHidden()
  await ana.keyboard.press('Alt+N')
  await expect(panel(ana)).toBeVisible()
  await expect(noteBox).toBeFocused()

  // The open tab is remembered per person: after a reload Ana is back on her tab, Ben on his.
  await ana.getByRole('tab', { name: 'Score' }).click()
  await ben.getByRole('tab', { name: 'Calc' }).click()
  await ana.reload()
  await ben.reload()
  await expect(ana.getByRole('tab', { name: 'Score' })).toHaveAttribute('aria-selected', 'true')
  await expect(ana.getByRole('region', { name: 'Scorecard' })).toBeVisible()
  await expect(ben.getByRole('tab', { name: 'Calc' })).toHaveAttribute('aria-selected', 'true')
  await expect(ben.getByRole('region', { name: 'Calculators' })).toBeVisible()
  // Ben never gets the interviewer's tabs.
  await expect(ben.getByRole('tab', { name: 'Answers' })).toHaveCount(0)
  await expect(ben.getByLabel('New note')).toHaveCount(0)
})

test('the side panel and the palette fold away, by button or shortcut, and stay as each person left them', async ({
  browser,
}) => {
  const [ana] = await join(browser, { width: 1440, height: 900 })
  const canvasWidth = () => ana.evaluate(() => window.__rooflineEditor?.getViewportScreenBounds().w ?? 0)
  const toggle = ana.getByRole('button', { name: 'Panel' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(toggle).toHaveAttribute('aria-keyshortcuts', 'Alt+B')
  const withPanel = await canvasWidth()
  await toggle.click()
  await expect(panel(ana)).toBeHidden()
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  // The board takes the panel's room.
  await expect.poll(canvasWidth).toBeGreaterThanOrEqual(withPanel + 300)

  // The palette: open on a wide window, folded by its button.
  await expect(ana.getByTestId('parts-palette')).toBeVisible()
  await ana.getByRole('button', { name: 'Hide parts' }).click()
  await expect(ana.getByTestId('parts-palette')).toBeHidden()

  await ana.reload()
  await ana.waitForFunction(() => Boolean(window.__rooflineEditor))
  await expect(panel(ana)).toBeHidden()
  await expect(ana.getByTestId('parts-palette')).toBeHidden()
  await expect(ana.getByRole('button', { name: 'Parts', exact: true })).toHaveAttribute(
    'aria-keyshortcuts',
    'Alt+P',
  )

  // The shortcuts bring both back, and that is remembered too.
  await ana.locator('.tl-canvas').click({ position: { x: 500, y: 400 } })
  await ana.keyboard.press('Alt+B')
  await expect(panel(ana)).toBeVisible()
  await ana.keyboard.press('Alt+P')
  await expect(ana.getByTestId('parts-palette')).toBeVisible()
  await ana.reload()
  await ana.waitForFunction(() => Boolean(window.__rooflineEditor))
  await expect(panel(ana)).toBeVisible()
  await expect(ana.getByTestId('parts-palette')).toBeVisible()
})

test('parts, pinned results and revealed cards land in free, visible board, never under a panel (1024×768)', async ({
  browser,
}) => {
  const [ana, ben] = await join(browser, { width: 1024, height: 768 })
  await openPalette(ben)
  const parts = [
    'Load balancer',
    'Router / scheduler',
    'GPU node',
    'Object store',
    'Tokenizer',
    'Decode pool',
  ]
  for (const [index, name] of parts.entries()) {
    await ben.getByTestId('parts-palette').getByRole('button', { name, exact: true }).click()
    await expect.poll(() => shapeCount(ben)).toBe(index + 1)
    // Once the inspector and estimates of the new selection have come up.
    await ben.waitForTimeout(400)
    expect(await shapesUnderPanels(ben), `after placing ${name}`).toEqual([])
  }
  // No part covers another.
  expect(await overlappingShapes(ben)).toBe(0)

  // Ben pins a calculator result: clear of the parts and of every panel.
  await ben.getByRole('tab', { name: 'Calc' }).click()
  await ben.getByRole('region', { name: 'Calculators' }).getByRole('button', { name: 'Pin to board' }).click()
  await expect.poll(() => shapeCount(ben)).toBe(parts.length + 1)
  await ben.waitForTimeout(400)
  expect(await shapesUnderPanels(ben), 'after pinning').toEqual([])
  // The result covers no part of the diagram.
  expect(await overlappingShapes(ben)).toBe(0)

  // Ana reveals two answers: each card lands clear of the panels in her view.
  await ana.getByRole('tab', { name: 'Answers' }).click()
  const material = ana.getByRole('region', { name: 'Hidden material' })
  for (let i = 0; i < 2; i++) {
    await material.getByRole('button', { name: 'Reveal' }).first().click()
    await expect.poll(() => shapeCount(ana)).toBe(parts.length + 2 + i)
    await ana.waitForTimeout(400)
    expect(await shapesUnderPanels(ana, true), `after reveal ${i + 1}`).toEqual([])
  }
})

test('zoom to fit frames the drawing in the part of the board the panels leave free', async ({ browser }) => {
  const [, ben] = await join(browser, { width: 1024, height: 768 })
  await openPalette(ben)
  // A drawing far off to one side, wider than the view.
  await ben.evaluate(() => {
    const editor = window.__rooflineEditor
    editor?.createShapes(
      [0, 1, 2, 3].map((i) => ({
        type: 'geo',
        x: 3000 + i * 500,
        y: -2000 + i * 200,
        props: { w: 300, h: 200 },
      })),
    )
  })
  await ben.locator('.tl-canvas').click({ position: { x: 400, y: 300 } })
  await ben.keyboard.press('Shift+1')
  await ben.waitForTimeout(600)
  expect(await shapesUnderPanels(ben)).toEqual([])
  // Every shape shows, inside the canvas.
  const inside = await ben.evaluate(() => {
    const editor = window.__rooflineEditor
    const canvas = editor?.getViewportScreenBounds()
    if (!editor || !canvas) return false
    return editor.getCurrentPageShapes().every((shape) => {
      const b = editor.getShapePageBounds(shape.id)
      if (!b) return false
      const a = editor.pageToScreen({ x: b.x, y: b.y })
      const z = editor.pageToScreen({ x: b.x + b.w, y: b.y + b.h })
      return a.x >= canvas.x && a.y >= canvas.y && z.x <= canvas.x + canvas.w && z.y <= canvas.y + canvas.h
    })
  })
  expect(inside).toBe(true)
  // tldraw's own zoom to fit centres in the whole canvas: there the drawing runs under the palette.
  await ben.evaluate(() => window.__rooflineEditor?.zoomToFit())
  await ben.waitForTimeout(300)
  expect((await shapesUnderPanels(ben)).length).toBeGreaterThan(0)
})

test('a 1024×768 laptop: no sideways scroll, names and connection whole', async ({ browser }) => {
  const [ana, ben] = await join(browser, { width: 1024, height: 768 })
  for (const page of [ana, ben]) {
    const scroll = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      clientWidth: document.scrollingElement?.clientWidth ?? 0,
    }))
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth)
    // Each name and the connection state is drawn whole, inside the window.
    for (const locator of [
      page.locator('.presence-name').first(),
      page.locator('.presence-name').last(),
      page.getByTestId('connection-state'),
      page.getByRole('button', { name: 'Panel' }),
    ]) {
      const fits = await locator.evaluate((element) => {
        const box = element.getBoundingClientRect()
        return (
          element.scrollWidth <= element.clientWidth + 1 && box.right <= window.innerWidth && box.left >= 0
        )
      })
      expect(fits, (await locator.textContent()) ?? '').toBe(true)
    }
    // The panel stays beside the board, not over it.
    const side = await panel(page).boundingBox()
    const canvas = await page.evaluate(() => window.__rooflineEditor?.getViewportScreenBounds())
    expect(side && canvas && canvas.x + canvas.w <= side.x + 1).toBe(true)
  }
})

for (const tablet of [
  { name: 'portrait', viewport: { width: 820, height: 1180 } },
  { name: 'landscape', viewport: { width: 1180, height: 820 } },
]) {
  test(`a tablet in ${tablet.name}, by touch: drawers open and close, a tapped part lands in sight`, async ({
    browser,
  }) => {
    const [ana, ben] = await join(browser, tablet.viewport, true)
    for (const page of [ana, ben]) {
      const scroll = await page.evaluate(
        () => (document.scrollingElement?.scrollWidth ?? 0) - (document.scrollingElement?.clientWidth ?? 0),
      )
      expect(scroll).toBeLessThanOrEqual(0)
    }
    const narrow = tablet.viewport.width < 1000
    // Portrait: the panel is a drawer over the board; landscape: beside it.
    await expect(panel(ben)).toHaveAttribute('data-drawer', String(narrow))
    await expect(panel(ben)).toBeVisible()
    await expect(ben.getByTestId('prompt')).toBeVisible()
    await press(ben, ben.getByRole('button', { name: 'Panel' }))
    await expect(panel(ben)).toBeHidden()

    // The palette never covers most of the board.
    await openPalette(ben)
    const share = await ben.evaluate(() => {
      const palette = document.querySelector('[data-testid="parts-palette"]')?.getBoundingClientRect()
      const canvas = window.__rooflineEditor?.getViewportScreenBounds()
      return palette && canvas ? palette.width / canvas.w : 1
    })
    expect(share).toBeLessThan(0.4)

    // A tapped part lands in sight, clear of the palette and the other panels.
    await press(ben, ben.getByTestId('parts-palette').getByRole('button', { name: 'GPU node', exact: true }))
    await expect.poll(() => shapeCount(ben)).toBe(1)
    await ben.waitForTimeout(400)
    expect(await shapesUnderPanels(ben)).toEqual([])

    // In portrait, opening the panel drawer folds the palette away (one drawer at a time).
    await press(ben, ben.getByRole('button', { name: 'Panel' }))
    await expect(panel(ben)).toBeVisible()
    if (narrow) await expect(ben.getByTestId('parts-palette')).toBeHidden()
    else await expect(ben.getByTestId('parts-palette')).toBeVisible()

    // Ana taps through her tabs and reveals an answer by touch; the card lands in sight.
    if (!(await panel(ana).isVisible())) await press(ana, ana.getByRole('button', { name: 'Panel' }))
    await press(ana, ana.getByRole('tab', { name: 'Answers' }))
    await press(
      ana,
      ana.getByRole('region', { name: 'Hidden material' }).getByRole('button', { name: 'Reveal' }).first(),
    )
    await expect.poll(() => shapeCount(ana)).toBe(2)
    await ana.waitForTimeout(400)
    expect(await shapesUnderPanels(ana, true)).toEqual([])
    await expect(ben.getByTestId('revealed')).toBeVisible()
  })
}
