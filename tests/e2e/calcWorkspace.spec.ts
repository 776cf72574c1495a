import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, expect, type Locator, type Page, test } from './fixtures.ts'
import { createSession, endAndShareReplay, openSession, showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

/** Each person's panel on its Calc tab, where the calculators are. */
async function open(browser: Browser, link: string): Promise<Page> {
  const page = await openSession(browser, link, { width: 1440, height: 900 })
  await showPanelTab(page, 'Calc')
  return page
}

/** Ana interviews Ben: both browsers open, at 1440×900. */
async function interview(browser: Browser) {
  const links = await createSession(browser)
  const ana = await open(browser, links.interviewer)
  const ben = await open(browser, links.candidate)
  return { ana, ben, anaCalc: calculators(ana), benCalc: calculators(ben) }
}

const calculators = (page: Page) => page.getByRole('region', { name: 'Calculators' })
const field = (panel: Locator, name: string) => panel.getByTestId(`calc-field-${name}`)
const picker = (panel: Locator) => panel.getByTestId('calculator-picker')
const tab = (panel: Locator, name: string) => panel.getByRole('tab', { name })

/** Llama 3 70B's KV cache: the architecture from the preset, then tokens and batch as typed. */
async function fillKvCache(panel: Locator, tokens: string, batch: string) {
  await tab(panel, 'Memory').click()
  await picker(panel).selectOption('kvCache')
  await panel.getByTestId('preset-model').selectOption('llama-3-70b')
  await expect(field(panel, 'layers')).toHaveValue('80')
  await field(panel, 'batch').fill(batch)
  await field(panel, 'tokens').fill(tokens)
}

test('units: "4" then "thousand" reads 4 thousand tokens, so the KV cache is 83.9 GB; the change is spelt out and can convert instead', async ({
  browser,
}) => {
  test.slow()
  const links = await createSession(browser)
  const ben = await open(browser, links.candidate)
  const panel = calculators(ben)
  await fillKvCache(panel, '4', '64')
  // Four tokens so far: 327,680 B × 4 × 64.
  await expect(panel.getByTestId('calc-output-bytes')).toContainText('83.9 MB')
  const menu = panel.getByTestId('calc-unit-tokens')
  await expect(menu).toHaveAttribute('title', /keeps the digits typed/)
  await menu.selectOption('ktoken')
  await expect(field(panel, 'tokens')).toHaveValue('4')
  await expect(panel.getByTestId('calc-output-bytes')).toContainText('83.9 GB')
  await expect(panel.getByTestId('calc-unit-change-tokens')).toContainText(
    '4 tokens → 4 thousand: 1,000× more',
  )
  await panel.getByTestId('calc-unit-change-tokens').scrollIntoViewIfNeeded()
  await panel.screenshot({ path: path.join(artifacts, 'calc-units-relabel-1440.png') })
  // The other reading, one click away: the quantity kept, the figure back to 83.9 MB.
  await panel.getByRole('button', { name: 'Convert instead (0.004 thousand)' }).click()
  await expect(field(panel, 'tokens')).toHaveValue('0.004')
  await expect(panel.getByTestId('calc-output-bytes')).toContainText('83.9 MB')
  await expect(panel.getByTestId('calc-unit-change-tokens')).toHaveCount(0)
  // Typing again clears the hint: it speaks only of the change just made.
  await field(panel, 'tokens').fill('4')
  await menu.selectOption('Mtoken')
  await expect(panel.getByTestId('calc-unit-change-tokens')).toContainText(
    '4 thousand → 4 million: 1,000× more',
  )
  await field(panel, 'tokens').fill('2')
  await expect(panel.getByTestId('calc-unit-change-tokens')).toHaveCount(0)
})

test('one calculator workspace: the interviewer follows the candidate to Decode, stays put with follow off, and a linked KV total updates the decode step', async ({
  browser,
}) => {
  // Two browsers and many round trips: generous on a loaded two-core machine.
  test.setTimeout(300_000)
  const { ana, ben, anaCalc, benCalc } = await interview(browser)

  await fillKvCache(benCalc, '8', '16')
  await benCalc.getByTestId('calc-unit-tokens').selectOption('ktoken')
  await expect(anaCalc.getByTestId('calc-output-bytes')).toContainText('41.9 GB')
  await expect(anaCalc.getByTestId('calc-follow-leader')).toHaveText('· opened by Ben')
  await expect(benCalc.getByTestId('calc-follow-leader')).toHaveText('· opened by you')

  // Ben switches to Throughput: Ana's panel follows him to the decode step.
  await tab(benCalc, 'Throughput').click()
  await expect(tab(anaCalc, 'Throughput')).toHaveAttribute('aria-selected', 'true')
  await expect(picker(anaCalc)).toHaveValue('decodeStep')

  // Ana stops following: Ben moves on, she stays on the decode step.
  await anaCalc.getByTestId('calc-follow').uncheck()
  await picker(benCalc).selectOption('prefillTime')
  await tab(benCalc, 'Memory').click()
  await expect(picker(benCalc)).toHaveValue('kvCache')
  await ana.waitForTimeout(500)
  await expect(tab(anaCalc, 'Throughput')).toHaveAttribute('aria-selected', 'true')
  await expect(picker(anaCalc)).toHaveValue('decodeStep')
  // Following again brings her to where Ben is.
  await anaCalc.getByTestId('calc-follow').check()
  await expect(tab(anaCalc, 'Memory')).toHaveAttribute('aria-selected', 'true')
  await expect(picker(anaCalc)).toHaveValue('kvCache')

  // Ben feeds the KV total into the decode step: both panels open it, the input reads the link.
  await benCalc.getByTestId('calc-use-bytes').selectOption('decodeStep:kvBytes')
  for (const panel of [benCalc, anaCalc]) {
    await expect(picker(panel)).toHaveValue('decodeStep')
    await expect(panel.getByTestId('calc-link-kvBytes')).toContainText('From KV cache · Total = 41.9 GB')
    await expect(field(panel, 'kvBytes')).toHaveAttribute('readonly', '')
  }
  await field(anaCalc, 'kvBytes').scrollIntoViewIfNeeded()
  await ana.screenshot({ path: path.join(artifacts, 'calc-workspace-linked-field-1440.png') })
  await benCalc.getByTestId('preset-gpu').selectOption('h100-sxm')
  await benCalc.getByRole('button', { name: 'Fill from presets' }).click()
  await field(benCalc, 'batch').fill('16')
  // (141.107 GB of bf16 weights + 41.9 GB of KV) / 3.35 TB/s = 54.6 ms at peak bandwidth.
  await expect(anaCalc.getByTestId('calc-output-idealSeconds')).toContainText('54.6 ms')
  await expect(anaCalc.getByTestId('calc-step-link-kvBytes')).toHaveText(/kvBytes = 41\.9 GB from KV cache/)
  await anaCalc.getByTestId('calc-steps').scrollIntoViewIfNeeded()
  await ana.screenshot({ path: path.join(artifacts, 'calc-workspace-linked-1440.png') })
  await anaCalc.screenshot({ path: path.join(artifacts, 'calc-workspace-linked-panel.png') })

  // Ana keeps the decode step on her own; Ben doubles the batch in the KV cache: her decode
  // step follows the source, in the field, the derivation and the figures.
  await anaCalc.getByTestId('calc-follow').uncheck()
  await tab(benCalc, 'Memory').click()
  await field(benCalc, 'batch').fill('32')
  await expect(benCalc.getByTestId('calc-output-bytes')).toContainText('83.9 GB')
  await expect(picker(anaCalc)).toHaveValue('decodeStep')
  await expect(anaCalc.getByTestId('calc-link-kvBytes')).toContainText('= 83.9 GB')
  await expect(anaCalc.getByTestId('calc-step-link-kvBytes')).toHaveText(/kvBytes = 83\.9 GB from KV cache/)
  // (141.107 + 83.886) GB / 3.35 TB/s = 67.2 ms.
  await expect(anaCalc.getByTestId('calc-output-idealSeconds')).toContainText('67.2 ms')

  // Unlinking keeps the figure and makes the input typable again.
  await anaCalc.getByTestId('calc-link-kvBytes').getByRole('button', { name: 'Unlink' }).click()
  await expect(anaCalc.getByTestId('calc-link-kvBytes')).toHaveCount(0)
  await expect(field(anaCalc, 'kvBytes')).not.toHaveAttribute('readonly', '')
  await expect(anaCalc.getByTestId('calc-output-idealSeconds')).toContainText('67.2 ms')

  await ana.setViewportSize({ width: 1024, height: 768 })
  await anaCalc.getByTestId('calc-follow').scrollIntoViewIfNeeded()
  await ana.screenshot({ path: path.join(artifacts, 'calc-workspace-1024.png') })
  await ben.setViewportSize({ width: 1024, height: 768 })
  await benCalc.getByTestId('calc-use-bytes').scrollIntoViewIfNeeded()
  await ben.screenshot({ path: path.join(artifacts, 'calc-workspace-use-in-1024.png') })
})

test('the replay shows the calculator that was open at each moment', async ({ browser }) => {
  test.setTimeout(300_000)
  const { ana, ben, benCalc } = await interview(browser)

  // Phase 1 on the KV cache, phase 2 on the decode step, phase 3 on a transfer.
  await tab(benCalc, 'Memory').click()
  await ana.getByRole('button', { name: 'Start' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-status', 'running')
  await tab(benCalc, 'Throughput').click()
  await expect(picker(calculators(ana))).toHaveValue('decodeStep')
  await ana.waitForTimeout(300)
  await ana.getByRole('button', { name: 'Next ▶' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-phase-index', '1')
  await ana.waitForTimeout(300)
  await tab(benCalc, 'Bandwidth').click()
  await expect(picker(calculators(ana))).toHaveValue('transferTime')
  await ana.waitForTimeout(300)
  await ana.getByRole('button', { name: 'Next ▶' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-phase-index', '2')
  await ana.waitForTimeout(300)
  const replayLink = await endAndShareReplay(ana)

  const viewer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  await viewer.goto(replayLink)
  await expect(viewer.getByTestId('replay')).toBeVisible({ timeout: 30_000 })
  const panel = calculators(viewer)
  for (const [phase, tabName, calculator] of [
    ['1-1', 'Throughput', 'decodeStep'],
    ['1-2', 'Bandwidth', 'transferTime'],
    ['1-0', 'Memory', 'kvCache'],
  ] as const) {
    await viewer.getByTestId(`jump-phase-${phase}`).click()
    await expect(tab(panel, tabName)).toHaveAttribute('aria-selected', 'true')
    await expect(picker(panel)).toHaveValue(calculator)
  }
  // Phase 2 again, to look at it: the panel says who had opened it.
  await viewer.getByTestId('jump-phase-1-1').click()
  await expect(picker(panel)).toHaveValue('decodeStep')
  await expect(panel.getByTestId('calc-follow-leader')).toHaveText('· opened by Ben')
  await panel.scrollIntoViewIfNeeded()
  await viewer.screenshot({ path: path.join(artifacts, 'calc-replay-phase2-1440.png') })
  await viewer.setViewportSize({ width: 1024, height: 768 })
  await panel.scrollIntoViewIfNeeded()
  await viewer.screenshot({ path: path.join(artifacts, 'calc-replay-phase2-1024.png') })
})
