import { expect, type Page, test } from './fixtures.ts'
import {
  join,
  openPalette,
  overlappingShapes,
  panel,
  press,
  shapeCount,
  shapesUnderPanels,
} from './layoutSteps.ts'

// Issue 19, items 4 and 8: the board beside the panels. Parts, pinned results and revealed
// cards placed where nothing covers them; zoom to fit inside the panels; a 1024 px laptop and
// a tablet in portrait and landscape, by touch.

test.describe.configure({ timeout: 150_000 })

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
    expect(await shapesUnderPanels(ben, 'selected'), `${name} itself`).toEqual([])
    expect(await shapesUnderPanels(ben), `after placing ${name}`).toEqual([])
  }
  // No part covers another.
  expect(await overlappingShapes(ben)).toBe(0)

  // Ben pins a calculator result: clear of the parts and of every panel.
  await ben.getByRole('tab', { name: 'Calc' }).click()
  await ben.getByRole('region', { name: 'Calculators' }).getByRole('button', { name: 'Pin to board' }).click()
  await expect.poll(() => shapeCount(ben)).toBe(parts.length + 1)
  await ben.waitForTimeout(400)
  expect(await shapesUnderPanels(ben, 'selected'), 'the pinned result').toEqual([])
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
    expect(await shapesUnderPanels(ana, 'revealed'), `after reveal ${i + 1}`).toEqual([])
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

/**
 * Each name, the connection state, the Panel button and the timer's status ("NOT STARTED") are
 * drawn whole, inside the window (and none of them clipped by its own box or a parent's).
 */
async function expectTopBarWhole(page: Page): Promise<void> {
  for (const locator of [
    page.locator('.presence-name').first(),
    page.locator('.presence-name').last(),
    page.getByTestId('connection-state'),
    page.getByRole('button', { name: 'Panel' }),
    page.locator('.timer-status'),
  ]) {
    const fits = await locator.evaluate((element) => {
      const box = element.getBoundingClientRect()
      const parent = element.parentElement?.getBoundingClientRect()
      const insideParent = !parent || (box.right <= parent.right + 1 && box.left >= parent.left - 1)
      return (
        element.scrollWidth <= element.clientWidth + 1 &&
        box.right <= window.innerWidth &&
        box.left >= 0 &&
        insideParent
      )
    })
    expect(fits, (await locator.textContent()) ?? '').toBe(true)
  }
}

test('a 1024×768 laptop: no sideways scroll, names and connection whole', async ({ browser }) => {
  const [ana, ben] = await join(browser, { width: 1024, height: 768 })
  for (const page of [ana, ben]) {
    const scroll = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      clientWidth: document.scrollingElement?.clientWidth ?? 0,
    }))
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth)
    await expectTopBarWhole(page)
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
      await expectTopBarWhole(page)
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
    expect(await shapesUnderPanels(ben, 'selected')).toEqual([])
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
    expect(await shapesUnderPanels(ana, 'revealed')).toEqual([])
    await expect(ben.getByTestId('revealed')).toBeVisible()
  })
}
