import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, expect, type Page, test } from './fixtures.ts'

import { createFromHome, showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

async function open(browser: Browser, link: string, skewMs = 0): Promise<Page> {
  const context = skewMs ? await skewedContext(browser, skewMs) : await browser.newContext()
  const page = await context.newPage()
  await page.goto(link)
  await expect(page.getByTestId('role')).toBeVisible()
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

const phaseLeft = (page: Page) => page.getByTestId('timer-phase-left').textContent()

/**
 * What a timer display showed, read in one step so no re-render falls between the values:
 * phase time left at which server instant, and the page's own estimate of the server's
 * time now (its clock plus the offset it measured).
 */
async function timerReading(page: Page) {
  const before = Date.now()
  const reading = await page.getByTestId('timer').evaluate((timer) => ({
    leftMs: Number(timer.getAttribute('data-phase-left-ms')),
    serverNow: Number(timer.getAttribute('data-server-now')),
    serverNowEstimate: Date.now() + Number(timer.getAttribute('data-clock-offset')),
  }))
  return { ...reading, before, after: Date.now() }
}

/** A browser context whose clock runs `skewMs` off the real time, as a badly set laptop's does. */
async function skewedContext(browser: Browser, skewMs: number) {
  const context = await browser.newContext()
  await context.addInitScript((skew) => {
    const realNow = Date.now
    Date.now = () => realNow() + skew
  }, skewMs)
  return context
}

test('a mock interview: roles, the shared timer to the second, reveals, observer read-only', async ({
  browser,
}) => {
  const home = await (await browser.newContext()).newPage()
  const links = await createFromHome(home)
  const ana = await open(browser, links.interviewer)
  // Ben's laptop clock is seven minutes fast; his timer must still show Ana's second.
  const ben = await open(browser, links.candidate, 7 * 60_000)
  const obs = await open(browser, links.observer)

  await expect(ana.getByTestId('role')).toHaveText('interviewer')
  await expect(ben.getByTestId('role')).toHaveText('candidate')
  await expect(obs.getByTestId('role')).toHaveText('observer')
  await expect(ben.getByTestId('prompt')).toContainText('10,000 requests per second')
  // The candidate has no controls and no hidden material.
  await expect(ben.getByRole('toolbar', { name: 'Timer controls' })).toHaveCount(0)
  await expect(ben.getByRole('region', { name: 'Hidden material' })).toHaveCount(0)
  await showPanelTab(ana, 'Answers')
  await expect(ana.getByRole('region', { name: 'Hidden material' })).toBeVisible()
  await expect(ben.getByTestId('presence-interviewer')).toContainText('Ana')

  await ana.getByRole('button', { name: 'Start' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-status', 'running')
  await expect(ana.getByTestId('timer')).toContainText('Clarify requirements and constraints')
  // Both show the same second. Each display says how much phase time it had left at which
  // server instant: brought to one instant, the two agree. And each page's idea of the
  // server's time is right to within 250 ms (server, browsers and test share this machine's
  // clock, so the test knows the true time), Ben's seven-minute skew included.
  for (let i = 0; i < 3; i++) {
    const [a, b] = await Promise.all([timerReading(ana), timerReading(ben)])
    expect(Math.abs(a.leftMs + a.serverNow - (b.leftMs + b.serverNow))).toBeLessThan(50)
    for (const reading of [a, b]) {
      // The true time at the reading lies between the test's clock before and after it.
      expect(reading.serverNowEstimate).toBeGreaterThan(reading.before - 250)
      expect(reading.serverNowEstimate).toBeLessThan(reading.after + 250)
    }
    await ana.waitForTimeout(300)
  }
  await expect
    .poll(async () => {
      const [a, b] = await Promise.all([phaseLeft(ana), phaseLeft(ben)])
      return a === b && /^\d+:\d\d$/.test(a ?? '')
    })
    .toBe(true)

  // Reveal a hidden card: it appears in Ben's panel and as a note on the board.
  const firstCard = ana
    .getByRole('region', { name: 'Hidden material' })
    .getByRole('button', { name: 'Reveal' })
    .first()
  await firstCard.click()
  await expect(ben.getByTestId('revealed')).toBeVisible()
  await expect
    .poll(() =>
      ben.evaluate(
        () =>
          window.__rooflineEditor
            ?.getCurrentPageShapes()
            .filter((s) => (s as { meta?: { revealedCard?: boolean } }).meta?.revealedCard).length,
      ),
    )
    .toBe(1)

  // The observer sees everything live but cannot draw.
  await expect(obs.getByTestId('revealed')).toBeVisible()
  await obs.mouse.click(500, 400)
  await obs.keyboard.press('r')
  await obs.mouse.move(500, 300)
  await obs.mouse.down()
  await obs.mouse.move(650, 420, { steps: 5 })
  await obs.mouse.up()
  expect(await obs.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length)).toBe(1)

  await ana.screenshot({ path: path.join(artifacts, 'session-interviewer.png') })
  await ben.screenshot({ path: path.join(artifacts, 'session-candidate.png') })
  await obs.screenshot({ path: path.join(artifacts, 'session-observer.png') })

  // Next phase for everyone.
  await ana.getByRole('button', { name: 'Next ▶' }).click()
  await expect(ben.getByTestId('timer')).toContainText('Architecture and data flow')
  await expect(ben.getByTestId('timer-phase-left')).toHaveText(/^1[45]:\d\d$/)
})

test('peer practice: a confirmed swap moves the roles and the controls', async ({ browser }) => {
  const home = await (await browser.newContext()).newPage()
  const links = await createFromHome(home, 'peer')
  const mia = await open(browser, links.interviewer)
  const raj = await open(browser, links.candidate)
  await expect(mia.getByRole('button', { name: 'Swap roles' })).toBeVisible()
  await expect(mia.getByTestId('presence-candidate')).toContainText('<img src=x onerror=alert(1)>Raj')
  await expect(mia.locator('.presence img')).toHaveCount(0)
  await expect(raj.getByRole('button', { name: 'Start' })).toHaveCount(0)

  // The swap asks first (sessionRoom.spec.ts holds what it says); Mia confirms.
  mia.once('dialog', (dialog) => void dialog.accept())
  await mia.getByRole('button', { name: 'Swap roles' }).click()
  await expect(raj.getByTestId('role')).toHaveText('interviewer')
  await expect(mia.getByTestId('role')).toHaveText('candidate')
  await expect(raj.getByRole('button', { name: 'Start' })).toBeVisible()
  await showPanelTab(raj, 'Answers')
  await expect(raj.getByRole('region', { name: 'Hidden material' })).toBeVisible()
  await expect(mia.getByRole('region', { name: 'Hidden material' })).toHaveCount(0)
  await expect(mia.getByRole('button', { name: 'Start' })).toHaveCount(0)
  await raj.screenshot({ path: path.join(artifacts, 'session-peer-swapped.png') })
})

test('a session link without a valid token gets a clear page', async ({ page, context }) => {
  const response = await page.request.post('/api/sessions', { data: {} })
  const { id } = (await response.json()) as { id: string }
  await page.goto(`/s/${id}`)
  await expect(page.getByRole('heading', { name: 'This session link is incomplete' })).toBeVisible()
  const wrong = await context.newPage()
  await wrong.goto(`/s/${id}#token=${'x'.repeat(43)}`)
  await expect(wrong.getByRole('heading', { name: 'This link does not open a session' })).toBeVisible()
  await expect(wrong.getByText(/not valid for this session/)).toBeVisible()
  await wrong.screenshot({ path: path.join(artifacts, 'session-bad-link.png') })
})
