import { expect, test } from './fixtures.ts'
import { join, panel } from './layoutSteps.ts'

// Issue 19, items 3 and 4: the session panel. The interviewer's material in tabs that fit one
// screen, with the note box always at hand (Alt+N); a side panel and a palette that fold away
// (Alt+B, Alt+P) and stay as each person left them. boardPlacement.spec.ts holds the board.

test.describe.configure({ timeout: 150_000 })

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
