import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, expect, type Page, test } from './fixtures.ts'
import { endAndShareReplay, revealFirstCard } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

async function open(browser: Browser, link: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(link)
  // Generous: on a loaded 2-core machine a cold page with tldraw takes a while.
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

async function shapeCount(page: Page): Promise<number> {
  return page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length ?? -1)
}

/**
 * Draws a box through the editor, as the rectangle tool would: a user change that syncs and is
 * recorded. (Pointer drawing is covered by board.spec.ts; here the palette would catch keys.)
 */
async function drawRectangle(page: Page, x: number, y: number) {
  await page.evaluate(
    ({ x, y }) => {
      const editor = window.__rooflineEditor as unknown as { createShape(shape: object): void }
      editor.createShape({ type: 'geo', x, y, props: { geo: 'rectangle', w: 140, h: 80 } })
    },
    { x, y },
  )
}

/** Ben draws `n` boxes in a row and waits until Ana's board has them too. */
async function drawBoxes(ben: Page, ana: Page, n: number, row: number) {
  const before = await shapeCount(ben)
  for (let i = 0; i < n; i++) {
    await drawRectangle(ben, 150 + i * 170, 220 + row * 130)
    await expect.poll(() => shapeCount(ben)).toBe(before + i + 1)
  }
  await expect.poll(() => shapeCount(ana)).toBe(before + n)
  return before + n
}

async function replayShapeCount(page: Page): Promise<number> {
  return page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length ?? -1)
}

test('a recorded interview plays back, and jumping to a phase shows the board as it was then', async ({
  browser,
}) => {
  // A whole interview in three browsers: generous, since the machine may be busy.
  test.setTimeout(360_000)
  // Ana creates the session on the start page: her browser's library remembers it.
  const home = await (await browser.newContext()).newPage()
  await home.goto('/')
  await home.getByPlaceholder('Name').first().fill('Ana')
  await home.getByPlaceholder('Name').nth(1).fill('Ben')
  await home.getByRole('button', { name: 'Create session' }).click()
  await expect(home.getByTestId('session-links')).toBeVisible()
  const interviewerLink = await home.getByTestId('link-interviewer').inputValue()
  const candidateLink = await home.getByTestId('link-candidate').inputValue()

  const ana = await open(browser, interviewerLink)
  const ben = await open(browser, candidateLink)
  await expect(ben.getByTestId('recorded-badge')).toContainText('Recorded')
  await expect(ana.getByTestId('recorded-badge')).toContainText('Recorded')

  // Phase 1: the clock starts, Ben draws two boxes, Ana reveals a card and writes a note.
  await ana.getByRole('button', { name: 'Start' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-status', 'running')
  await drawBoxes(ben, ana, 2, 0)
  await revealFirstCard(ana)
  await expect(ben.getByTestId('revealed')).toBeVisible()
  await ana.getByLabel('New note').fill('Ben asked for the peak load first')
  await ana.getByRole('button', { name: 'Add note' }).click()
  await expect(ana.locator('.notes li')).toHaveCount(1)
  await expect.poll(() => shapeCount(ben)).toBe(3) // two boxes and the revealed card
  const atPhase2 = await shapeCount(ben)
  await ana.waitForTimeout(300)

  // Phase 2: three more boxes. Phase 3: one more, then the end.
  await ana.getByRole('button', { name: 'Next ▶' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-phase-index', '1')
  await ana.waitForTimeout(300)
  const atPhase3 = await drawBoxes(ben, ana, 3, 1)
  await ana.waitForTimeout(300)
  await ana.getByRole('button', { name: 'Next ▶' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-phase-index', '2')
  await ana.waitForTimeout(300)
  const final = await drawBoxes(ben, ana, 1, 2)
  await ana.waitForTimeout(300)
  // Ana ends the session and shares a replay link without her notes.
  const replayLink = await endAndShareReplay(ana)
  expect(replayLink).toMatch(/\/replay\/[A-Za-z0-9_-]+#token=/)
  await ana.screenshot({ path: path.join(artifacts, 'replay-session-badge.png') })

  // Ben opens it the next day: the scrubber shows the three phases and the reveal.
  const viewer = await (await browser.newContext()).newPage()
  await viewer.goto(replayLink)
  await expect(viewer.getByTestId('replay')).toBeVisible({ timeout: 30_000 })
  await viewer.waitForFunction(() => Boolean(window.__rooflineEditor))
  const segments = viewer.getByTestId('phase-segment')
  await expect(segments).toHaveCount(3)
  expect(await segments.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-phase-index')))).toEqual(
    ['0', '1', '2'],
  )
  await expect(viewer.getByTestId('marker-reveal')).toHaveCount(1)
  await expect(viewer.getByTestId('marker-note')).toHaveCount(0)
  await expect(viewer.getByRole('region', { name: 'Notes' })).toHaveCount(0)
  await expect(viewer.getByTestId('replay-timer')).toHaveAttribute('data-status', 'idle')
  expect(await replayShapeCount(viewer)).toBe(0)
  // Boxes were drawn before the timer started: that stretch is named, and the legend explains the bar.
  await expect(viewer.getByTestId('before-timer')).toHaveText('Before the timer')
  await expect(viewer.getByRole('list', { name: 'Legend' })).toContainText('1. Clarify')
  await viewer.getByTestId('scrubber').screenshot({ path: path.join(artifacts, 'replay-scrubber.png') })

  // Play at 16×, skipping idle gaps: the drawing comes back to its final state.
  await viewer.getByTestId('replay-speed').selectOption('16')
  await viewer.getByTestId('replay-play').click()
  await expect.poll(() => replayShapeCount(viewer), { timeout: 20_000 }).toBeGreaterThan(0)
  const midway = await replayShapeCount(viewer)
  expect(midway).toBeLessThanOrEqual(final)
  await expect.poll(() => replayShapeCount(viewer), { timeout: 20_000 }).toBe(final)
  await expect(viewer.getByTestId('replay-play')).toHaveText('Play')
  await expect(viewer.getByTestId('replay-timer')).toHaveAttribute('data-status', 'stopped')
  await viewer.screenshot({ path: path.join(artifacts, 'replay-end.png') })
  // Their pointers were recorded (tldraw publishes them as presence): the replay can hide them.
  await expect(viewer.getByTestId('replay-show-cursors')).toBeChecked()

  // Jump to phase 2: the board is as it was when phase 2 began; the timer says so.
  await viewer.getByTestId('jump-phase-1-1').click()
  await expect(viewer.getByTestId('replay-timer')).toHaveAttribute('data-phase-index', '1')
  await expect.poll(() => replayShapeCount(viewer)).toBe(atPhase2)
  await expect(viewer.getByTestId('revealed')).toBeVisible()
  await viewer.waitForTimeout(400)
  await viewer.screenshot({ path: path.join(artifacts, 'replay-phase-2.png') })
  await viewer.getByTestId('jump-phase-1-2').click()
  await expect(viewer.getByTestId('replay-timer')).toHaveAttribute('data-phase-index', '2')
  await expect.poll(() => replayShapeCount(viewer)).toBe(atPhase3)
  await viewer.getByTestId('jump-phase-1-0').click()
  await expect(viewer.getByTestId('replay-timer')).toHaveAttribute('data-phase-index', '0')
  await expect(viewer.getByTestId('revealed')).toHaveCount(0)
  expect(await replayShapeCount(viewer)).toBeLessThan(atPhase2)

  // The board at this moment exports as PNG.
  await viewer.getByTestId('jump-phase-1-2').click()
  await viewer.getByText('Export').click()
  const [png] = await Promise.all([
    viewer.waitForEvent('download'),
    viewer.getByRole('menuitem', { name: 'Board now as PNG' }).click(),
  ])
  expect(png.suggestedFilename()).toMatch(/^roofline-.*\.png$/)

  // The export menu is a popover: Escape closes it, and so does a press outside it.
  const menu = viewer.locator('details.export-menu')
  await expect(menu).toHaveAttribute('open', '')
  await viewer.keyboard.press('Escape')
  await expect(menu).not.toHaveAttribute('open', '')
  await viewer.getByText('Export').click()
  await expect(menu).toHaveAttribute('open', '')
  await viewer.getByTestId('replay-time').click()
  await expect(menu).not.toHaveAttribute('open', '')

  // Ana's own replay (her interviewer link) lists her note; a click jumps to its moment.
  const own = await (await browser.newContext()).newPage()
  await own.goto(interviewerLink.replace('/s/', '/replay/'))
  await expect(own.getByTestId('replay-note')).toContainText('Ben asked for the peak load first', {
    timeout: 30_000,
  })
  await expect(own.getByTestId('marker-note')).toHaveCount(1)
  await own.getByTestId('replay-note').click()
  await expect(own.getByTestId('replay-timer')).toHaveAttribute('data-phase-index', '0')
  await expect.poll(() => replayShapeCount(own)).toBe(atPhase2)
  await own.screenshot({ path: path.join(artifacts, 'replay-with-notes.png') })

  // The library of the browser that created the session lists it and opens its replay.
  await home.goto('/library')
  const row = home.getByTestId('library-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Ana and Ben')
  await home.screenshot({ path: path.join(artifacts, 'replay-library.png') })
  await row.getByTestId('open-replay').click()
  await expect(home.getByTestId('replay')).toBeVisible({ timeout: 30_000 })

  // Ana revokes every replay link: Ben's opens nothing now, her own still does.
  // Her menu is still open from creating the link: Escape closes it, the badge opens it again.
  const recordedMenu = ana.locator('details.recorded-menu')
  await expect(recordedMenu).toHaveAttribute('open', '')
  await ana.keyboard.press('Escape')
  await expect(recordedMenu).not.toHaveAttribute('open', '')
  await ana.getByTestId('recorded-badge').click()
  await ana.getByTestId('revoke-replay-links').click()
  await expect(ana.getByText('Revoked 1 replay link')).toBeVisible()
  await ana.screenshot({ path: path.join(artifacts, 'replay-links-revoked.png') })
  await viewer.reload()
  await expect(viewer.getByRole('heading', { name: 'This replay cannot be opened' })).toBeVisible()
  await own.reload()
  await expect(own.getByTestId('replay-note')).toBeVisible()
})

test('the library deletes a session; its replay link stops working', async ({ page, browser }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Create session' }).click()
  await expect(page.getByTestId('session-links')).toBeVisible()
  const interviewer = await page.getByTestId('link-interviewer').inputValue()
  const replay = interviewer.replace('/s/', '/replay/')
  await page.goto('/library')
  await expect(page.getByTestId('library-row')).toHaveCount(1)
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByTestId('delete-session').click()
  await expect(page.getByTestId('library-empty')).toBeVisible()
  const other = await (await browser.newContext()).newPage()
  await other.goto(replay)
  await expect(other.getByRole('heading', { name: 'This replay cannot be opened' })).toBeVisible()
  await expect(other.getByText('There is no such session.')).toBeVisible()
})
