import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, expect, type Page, test } from './fixtures.ts'
import { showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

// Two or three browsers and many round trips each: give a loaded machine room.
test.describe.configure({ timeout: 150_000 })

/** The laptop sizes a live interview is run at. */
const SIZES = [
  { name: '1440', viewport: { width: 1440, height: 900 } },
  { name: '1024', viewport: { width: 1024, height: 768 } },
] as const
type Size = (typeof SIZES)[number]

interface Links {
  interviewer: string
  candidate: string
}

async function open(browser: Browser, link: string, size: Size): Promise<Page> {
  const page = await (await browser.newContext({ viewport: size.viewport })).newPage()
  await page.goto(link)
  await expect(page.getByTestId('role')).toBeVisible()
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

/** A session created with `body`; its interviewer and candidate join, each in their own browser. */
async function join(browser: Browser, size: Size, body: object): Promise<[Page, Page]> {
  const home = await (await browser.newContext({ viewport: size.viewport })).newPage()
  const response = await home.request.post('/api/sessions', { data: body })
  expect(response.status()).toBe(201)
  const links = ((await response.json()) as { links: Links }).links
  return [await open(browser, links.interviewer, size), await open(browser, links.candidate, size)]
}

/** Where the middle of shape `id` is on a page's screen. */
async function centreOf(page: Page, id: string | undefined) {
  const centre = await page.evaluate((shapeId) => {
    const editor = window.__rooflineEditor
    const bounds = editor?.getShapePageBounds(shapeId as never)
    return bounds && editor?.pageToScreen({ x: bounds.x + bounds.w / 2, y: bounds.y + bounds.h / 2 })
  }, id)
  if (!centre) throw new Error(`shape ${id} is not on the board`)
  return centre
}

/** Opens the parts palette (a narrow window starts with it closed). */
async function openPalette(page: Page) {
  const toggle = page.getByRole('button', { name: 'Parts', exact: true })
  if (await toggle.isVisible()) await toggle.click()
  await expect(page.getByTestId('parts-palette')).toBeVisible()
}

const shapeCount = (page: Page) =>
  page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length ?? -1)

/** The revealed cards on a page's board: id, lock, position and text. */
const revealedCards = (page: Page) =>
  page.evaluate(() =>
    (window.__rooflineEditor?.getCurrentPageShapes() ?? [])
      .filter((s) => (s.meta as { revealedCard?: boolean }).revealedCard)
      .map((s) => ({
        id: s.id,
        isLocked: s.isLocked,
        x: Math.round(s.x),
        y: Math.round(s.y),
        text: JSON.stringify((s.props as { richText?: unknown }).richText),
      })),
  )

const shot = (page: Page, name: string, size: Size) =>
  page.screenshot({ path: path.join(artifacts, `room-${name}-${size.name}.png`) })

for (const size of SIZES) {
  test(`${size.name}: example diagrams are the interviewer's, for the candidate only when she allows them`, async ({
    browser,
  }) => {
    const [ana, ben] = await join(browser, size, { names: { interviewer: 'Ana', candidate: 'Ben' } })
    const example = (page: Page) =>
      page.getByRole('button', { name: 'Insert example: disaggregated serving' })
    const allow = ana.getByLabel('Let the candidate insert example diagrams')

    // Ben's palette has the parts, not the answer; Ana's has both.
    await openPalette(ben)
    await openPalette(ana)
    await expect(example(ana)).toBeVisible()
    await expect(example(ben)).toHaveCount(0)
    await expect(allow).not.toBeChecked()
    await shot(ben, 'candidate-no-examples', size)

    // Ana allows it for this session: Ben's palette offers it, and it holds across his reload.
    // The box shows what the server stored, so it ticks once the server has it.
    await allow.click()
    await expect(allow).toBeChecked()
    await expect(example(ben)).toBeVisible()
    await ben.reload()
    await expect(ben.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
    await openPalette(ben)
    await expect(example(ben)).toBeVisible()
    await shot(ana, 'interviewer-examples-allowed', size)
    await example(ben).click()
    await expect.poll(() => shapeCount(ana)).toBe(22)
    await shot(ben, 'candidate-examples-allowed', size)

    // And takes it back: Ben's option goes at once.
    await allow.click()
    await expect(allow).not.toBeChecked()
    await expect(example(ben)).toHaveCount(0)

    // On a scratch board (no session) anyone may insert it.
    await ben.goto('/')
    await ben.getByRole('button', { name: 'New board' }).click()
    await ben.waitForURL(/\/b\/[A-Za-z0-9_-]{22}$/)
    await ben.waitForFunction(() => Boolean(window.__rooflineEditor))
    await openPalette(ben)
    await expect(example(ben)).toBeVisible()
  })

  test(`${size.name}: a revealed card is locked against the candidate; the interviewer moves and re-places it`, async ({
    browser,
  }) => {
    const [ana, ben] = await join(browser, size, { names: { interviewer: 'Ana', candidate: 'Ben' } })
    await showPanelTab(ana, 'Answers')
    const hidden = ana.getByRole('region', { name: 'Hidden material' })
    await hidden.getByRole('button', { name: 'Reveal' }).first().click()
    await expect.poll(async () => (await revealedCards(ben)).length).toBe(1)
    const [card] = await revealedCards(ben)
    expect(card?.isLocked).toBe(true)
    // The whole text shows: the card is not clipped below its last line.
    for (const page of [ana, ben]) {
      await page.waitForTimeout(300)
      const overflow = await page.evaluate((id) => {
        const shape = document.querySelector(`.tl-shape[data-shape-id="${id}"]`)
        const text = shape?.querySelector('.tl-rich-text')
        if (!shape || !text) return null
        return text.getBoundingClientRect().bottom - shape.getBoundingClientRect().bottom
      }, card?.id)
      expect(overflow).not.toBeNull()
      expect(overflow).toBeLessThanOrEqual(0)
    }

    // Ben clicks the card, presses Delete and types: nothing changes.
    const centre = await centreOf(ben, card?.id)
    await ben.mouse.click(centre.x, centre.y)
    await ben.keyboard.press('Delete')
    await ben.keyboard.press('Backspace')
    await ben.keyboard.type('x')
    await ben.keyboard.press('Enter')
    await ben.keyboard.type('overwritten')
    await ben.keyboard.press('Escape')
    // Nor can his browser's editor unlock, move, retype or delete it (what the menus call).
    await ben.evaluate((id) => {
      const editor = window.__rooflineEditor
      if (!editor) return
      const shapeId = id as never
      editor.toggleLock([shapeId])
      editor.updateShape({ id: shapeId, type: 'geo', x: 5000, isLocked: false })
      editor.deleteShapes([shapeId])
    }, card?.id)
    await ben.waitForTimeout(800)
    expect(await revealedCards(ben)).toEqual([card])
    expect(await revealedCards(ana)).toEqual([card])
    await shot(ben, 'candidate-card-locked', size)

    // Ben's right-click menu and Shift+L toggle the lock for him in tldraw; here they do nothing.
    await ben.mouse.click(centre.x, centre.y, { button: 'right' })
    await ben.getByRole('menuitem', { name: 'Edit' }).click()
    await ben.getByRole('menuitem', { name: /Toggle locked/ }).click()
    await ben.mouse.click(centre.x, centre.y)
    await ben.keyboard.press('Shift+L')
    await ben.keyboard.press('Delete')
    await ben.waitForTimeout(500)
    expect(await revealedCards(ana)).toEqual([card])

    // Ana unlocks it from the same menu and drags it aside: Ben sees it move.
    const anaCentre = await centreOf(ana, card?.id)
    await ana.mouse.click(anaCentre.x, anaCentre.y, { button: 'right' })
    await ana.getByRole('menuitem', { name: 'Edit' }).click()
    await ana.getByRole('menuitem', { name: /Toggle locked/ }).click()
    await expect.poll(async () => (await revealedCards(ana))[0]?.isLocked).toBe(false)
    await ana.mouse.move(anaCentre.x, anaCentre.y)
    await ana.mouse.down()
    await ana.mouse.move(anaCentre.x + 120, anaCentre.y + 60, { steps: 8 })
    await ana.mouse.up()
    const moved = (await revealedCards(ana))[0]
    expect(moved?.x).toBeGreaterThan((card?.x ?? 0) + 50)
    await expect.poll(async () => (await revealedCards(ben))[0]?.x).toBe(moved?.x)
    expect((await revealedCards(ben))[0]?.isLocked).toBe(false)
    // Unlocked by the interviewer is still not the candidate's to delete.
    await ben.evaluate((id) => {
      window.__rooflineEditor?.deleteShapes([id as never])
    }, card?.id)
    await ben.waitForTimeout(500)
    expect(await revealedCards(ana)).toHaveLength(1)

    // Ana deletes it, then places it on the board again from her panel: locked, for both.
    await ana.evaluate((id) => {
      window.__rooflineEditor?.deleteShapes([id as never])
    }, card?.id)
    await expect.poll(async () => (await revealedCards(ben)).length).toBe(0)
    const again = hidden.getByRole('button', { name: 'Place on board again' })
    await expect(again).toHaveCount(1)
    await again.click()
    await expect.poll(async () => (await revealedCards(ben)).length).toBe(1)
    const [placed] = await revealedCards(ben)
    expect(placed?.isLocked).toBe(true)
    expect(placed?.text).toBe(card?.text)
    await again.scrollIntoViewIfNeeded()
    await shot(ana, 'interviewer-place-again', size)
    await shot(ben, 'candidate-card-placed-again', size)
  })

  test(`${size.name}: peer practice: swap is confirmed, says what the timer does, and round 2 gets a new template`, async ({
    browser,
  }) => {
    const [mia, raj] = await join(browser, size, {
      mode: 'peer',
      names: { interviewer: 'Mia', candidate: 'Raj' },
    })
    const round1 = await raj.getByTestId('prompt').textContent()
    await mia.getByRole('button', { name: 'Start', exact: true }).click()
    await expect(raj.getByTestId('timer')).toHaveAttribute('data-status', 'running')
    await mia.waitForTimeout(1200)

    // Mia cancels the first time: nothing changes, the timer runs on.
    let message = ''
    mia.once('dialog', (dialog) => {
      message = dialog.message()
      void dialog.dismiss()
    })
    await mia.getByRole('button', { name: 'Swap roles' }).click()
    await expect.poll(() => message).toMatch(/Raj becomes the interviewer for round 2/)
    expect(message).toMatch(/timer \(running, 0:0\d in\) stops and resets to the first phase/)
    await mia.waitForTimeout(500)
    await expect(mia.getByTestId('role')).toHaveText('interviewer')
    await expect(raj.getByTestId('timer')).toHaveAttribute('data-status', 'running')

    // She confirms: what it said happens. Raj interviews, the timer waits for him at the start.
    mia.once('dialog', (dialog) => void dialog.accept())
    await mia.getByRole('button', { name: 'Swap roles' }).click()
    await expect(raj.getByTestId('role')).toHaveText('interviewer')
    await expect(mia.getByTestId('timer')).toHaveAttribute('data-status', 'idle')
    await expect(raj.getByRole('button', { name: 'Start', exact: true })).toBeVisible()

    // Raj picks the next template; the one just asked cannot be picked again.
    const picker = raj.getByRole('form', { name: 'Template for this round' })
    await expect(picker).toContainText('Round 2')
    const select = picker.getByLabel('Next template')
    await expect(select.locator('option:not([disabled])').nth(3)).toBeAttached()
    await shot(raj, 'peer-round2-picker', size)
    await select.selectOption('gpu-bottleneck-diagnosis')
    await picker.getByRole('button', { name: 'Use template' }).click()
    await expect(mia.getByTestId('prompt')).not.toHaveText(round1 ?? '')
    await showPanelTab(raj, 'Answers')
    await expect(raj.getByRole('region', { name: 'Hidden material' })).toBeVisible()
    // Its starter diagram arrives once, beside round 1's board, and its presets fill the calculators.
    const starterShapes = (page: Page) =>
      page.evaluate(
        () =>
          window.__rooflineEditor?.getCurrentPageShapes().filter((s) => s.id.startsWith('shape:starter-'))
            .length,
      )
    await expect.poll(() => starterShapes(mia)).toBeGreaterThan(0)
    const starterCount = await starterShapes(mia)
    await mia.waitForTimeout(1500)
    expect(await starterShapes(mia)).toBe(starterCount)
    expect(await starterShapes(raj)).toBe(starterCount)
    await showPanelTab(mia, 'Calc')
    await expect(mia.getByRole('region', { name: 'Calculators' }).getByTestId('preset-model')).toHaveValue(
      'llama-3-70b',
    )
    // Reloading does not bring a second copy.
    await raj.reload()
    await raj.waitForFunction(() => Boolean(window.__rooflineEditor))
    await expect(raj.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
    await raj.waitForTimeout(1500)
    expect(await starterShapes(raj)).toBe(starterCount)
    // Once the round's timer runs, the template is settled.
    await raj.getByRole('button', { name: 'Start', exact: true }).click()
    await expect(raj.getByRole('form', { name: 'Template for this round' })).toHaveCount(0)
    await shot(raj, 'peer-round2-started', size)
    await shot(mia, 'peer-round2-candidate', size)
  })
}
