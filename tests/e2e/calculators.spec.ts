import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, expect, type Locator, type Page, test } from './fixtures.ts'
import { createSession, openSession, showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

/** Tall enough that the whole calculator panel shows without scrolling, for its screenshots. */
/** Each person's panel on its Calc tab, where the calculators are. */
async function open(browser: Browser, link: string): Promise<Page> {
  const page = await openSession(browser, link, { width: 1280, height: 1400 })
  await showPanelTab(page, 'Calc')
  return page
}

const calculators = (page: Page) => page.getByRole('region', { name: 'Calculators' })
const field = (panel: Locator, name: string) => panel.getByTestId(`calc-field-${name}`)
const calcCards = (page: Page) =>
  page.evaluate(
    () => window.__rooflineEditor?.getCurrentPageShapes().filter((s) => s.type === 'calc-card') ?? [],
  )

/** Nothing the panel shows may read NaN or Infinity, whatever was typed. */
async function expectNoNonsense(panel: Locator) {
  const text = await panel.textContent()
  expect(text).not.toMatch(/NaN|Infinity|undefined/)
}

test('the candidate works out the KV cache from a preset; the interviewer sees every keystroke and pins it', async ({
  browser,
}) => {
  // A long story in two or three browsers: three times the usual timeout.
  test.slow()
  const links = await createSession(browser)
  const ana = await open(browser, links.interviewer)
  const ben = await open(browser, links.candidate)
  const anaCalc = calculators(ana)
  const benCalc = calculators(ben)

  // Ben picks the KV-cache calculator and Llama 3 70B: the architecture fills in.
  await benCalc.getByRole('tab', { name: 'Memory' }).click()
  await benCalc.getByTestId('calculator-picker').selectOption('kvCache')
  await benCalc.getByTestId('preset-model').selectOption('llama-3-70b')
  await expect(field(benCalc, 'layers')).toHaveValue('80')
  await expect(field(benCalc, 'kvHeads')).toHaveValue('8')
  await expect(field(benCalc, 'headDim')).toHaveValue('128')
  await expect(field(benCalc, 'bytesPerElement')).toHaveValue('2')
  await benCalc.getByTestId('calc-unit-tokens').selectOption('ktoken')
  await field(benCalc, 'tokens').pressSequentially('8')

  // Ana, on the same calculator, sees each keystroke of the batch within a second.
  await expect(anaCalc.getByTestId('calculator-picker')).toHaveValue('kvCache')
  for (const [typed, shown] of [
    ['1', '1'],
    ['6', '16'],
  ] as const) {
    await field(benCalc, 'batch').press(typed)
    const started = Date.now()
    await expect(field(anaCalc, 'batch')).toHaveValue(shown, { timeout: 1000 })
    console.log(`keystroke "${typed}" reached the interviewer in ${Date.now() - started} ms`)
  }
  await expect(anaCalc.getByTestId('calc-unit-tokens')).toHaveValue('ktoken')
  // 2 · 80 · 8 · 128 · 2 = 327,680 B per token; × 8,000 tokens × 16 sequences = 41.9 GB.
  for (const panel of [anaCalc, benCalc]) {
    await expect(panel.getByTestId('calc-output-bytesPerToken')).toContainText('328 kB/token')
    await expect(panel.getByTestId('calc-output-bytes')).toContainText('41.9 GB')
    await expect(panel.getByTestId('calc-steps')).toContainText('2 · 80 · 8 · 128 · 2')
  }
  await expectNoNonsense(anaCalc)
  await benCalc.screenshot({ path: path.join(artifacts, 'calculators-kv-cache-candidate.png') })

  // Ana pins the result: the card appears on both boards.
  await anaCalc.getByRole('button', { name: 'Pin to board' }).click()
  await expect.poll(async () => (await calcCards(ben)).length).toBe(1)
  expect(await calcCards(ana)).toHaveLength(1)
  const benCard = ben.getByTestId('calc-card')
  await expect(benCard).toContainText('KV cache')
  await expect(benCard).toContainText('41.9 GB')
  await expect(benCard).toContainText('8 thousand')
  await expect(benCard).toContainText('pinned by Ana')
  await ben.screenshot({ path: path.join(artifacts, 'calculators-pinned-card.png') })

  // Ben doubles the batch; Ana opens the card, which puts its inputs back for both.
  await field(benCalc, 'batch').fill('32')
  await expect(anaCalc.getByTestId('calc-output-bytes')).toContainText('83.9 GB')
  await ana.getByTestId('calc-card').getByRole('button', { name: 'Open in panel' }).click()
  await expect(field(benCalc, 'batch')).toHaveValue('16')
  await expect(benCalc.getByTestId('calc-output-bytes')).toContainText('41.9 GB')
  expect(await calcCards(ana)).toHaveLength(1)

  // Bad input is answered at the field, on both screens, and never as NaN or Infinity.
  const cases: Array<[string, RegExp]> = [
    ['-4', /Must be more than zero/],
    ['0', /Must be more than zero/],
    ['abc', /Not a number/],
    ['2.5', /whole number/],
    ['1e400', /Too large/],
    ['1e30', /Too large: at most/],
  ]
  for (const [typed, message] of cases) {
    await field(benCalc, 'layers').fill(typed)
    await expect(benCalc.getByTestId('calc-error-layers')).toHaveText(message)
    await expect(anaCalc.getByTestId('calc-error-layers')).toHaveText(message)
    await expect(anaCalc.getByTestId('calc-result')).toHaveCount(0)
    await expectNoNonsense(benCalc)
  }
  await benCalc.screenshot({ path: path.join(artifacts, 'calculators-bad-input.png') })
  await field(benCalc, 'layers').fill('')
  await expect(benCalc.getByTestId('calc-waiting')).toHaveText('Fill in Layers.')
  await field(benCalc, 'layers').fill('80')
  await expect(anaCalc.getByTestId('calc-output-bytes')).toContainText('41.9 GB')
})

test('roofline chart, memory bar, free-form line, latency numbers; the observer only watches', async ({
  browser,
}) => {
  // A long story in two or three browsers, with the keyboard tour of the tabs: on a loaded
  // two-core machine it has taken over three minutes.
  test.setTimeout(300_000)
  const links = await createSession(browser)
  const ben = await open(browser, links.candidate)
  const obs = await open(browser, links.observer)
  const panel = calculators(ben)

  // The tabs follow the WAI-ARIA pattern: one tab stop, arrows move and select, wrapping around.
  const tabNamed = (name: string) => panel.getByRole('tab', { name })
  await tabNamed('Memory').focus()
  await expect(panel.locator('[role="tab"][tabindex="0"]')).toHaveText('Memory')
  await ben.keyboard.press('ArrowLeft')
  await expect(tabNamed('Free-form')).toBeFocused()
  await expect(tabNamed('Free-form')).toHaveAttribute('aria-selected', 'true')
  await expect(panel.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'calc-tab-freeform')
  await ben.keyboard.press('ArrowRight')
  await ben.keyboard.press('ArrowRight')
  await expect(tabNamed('Throughput')).toBeFocused()
  await expect(tabNamed('Throughput')).toHaveAttribute('aria-selected', 'true')
  await expect(tabNamed('Memory')).toHaveAttribute('tabindex', '-1')
  await ben.keyboard.press('End')
  await expect(tabNamed('Free-form')).toBeFocused()
  await ben.keyboard.press('Home')
  await expect(tabNamed('Memory')).toHaveAttribute('aria-selected', 'true')
  // The arrows stayed in the panel: the board's selection and tool did not move.
  expect(await ben.evaluate(() => window.__rooflineEditor?.getCurrentToolId())).toBe('select')

  // Decode step of Llama 3 70B on one H100, batch 1: memory-bound, far left of the ridge.
  await panel.getByRole('tab', { name: 'Throughput' }).click()
  await panel.getByTestId('calculator-picker').selectOption('decodeStep')
  await panel.getByTestId('preset-model').selectOption('llama-3-70b')
  await panel.getByTestId('preset-gpu').selectOption('h100-sxm')
  await expect(field(panel, 'memBandwidth')).toHaveValue('3.35')
  await expect(panel.getByTestId('calc-unit-memBandwidth')).toHaveValue('TB/s')
  await field(panel, 'kvBytes').fill('0')
  await field(panel, 'batch').fill('1')
  await expect(panel.getByTestId('calc-output-bound')).toContainText('memory')
  // The ideal bound streams 141 GB at the full 3.35 TB/s; the panel's stated 70% makes it 60.2 ms.
  await expect(panel.getByTestId('calc-output-idealSeconds')).toContainText('42.1 ms')
  await expect(panel.getByTestId('calc-output-memoryEfficiency')).toContainText('70%')
  await expect(panel.getByTestId('calc-output-seconds')).toContainText('60.2 ms')
  const chart = panel.getByTestId('roofline-chart')
  await expect(chart).toContainText('NVIDIA H100 SXM5 80GB')
  await expect(chart.getByTestId('roofline-point')).toBeVisible()
  await expect(chart.getByTestId('roofline-point-legend')).toHaveText(
    'decode step: 3.35 TFLOP/s at 1 FLOP/B, memory-bound',
  )
  await chart.scrollIntoViewIfNeeded()
  await chart.screenshot({ path: path.join(artifacts, 'calculators-roofline-chart.png') })
  await panel.screenshot({ path: path.join(artifacts, 'calculators-decode-step.png') })

  // A unit change keeps the digits and says what that did; "Convert instead" keeps the
  // quantity: 3.35 TB/s is 26.8 Tb/s.
  await panel.getByTestId('calc-unit-memBandwidth').selectOption('Tb/s')
  await expect(field(panel, 'memBandwidth')).toHaveValue('3.35')
  await expect(panel.getByTestId('calc-unit-change-memBandwidth')).toContainText(
    '3.35 TB/s → 3.35 Tb/s: 8× less',
  )
  await expect(panel.getByTestId('calc-output-idealSeconds')).toContainText('337 ms')
  await panel.getByRole('button', { name: 'Convert instead (26.8 Tb/s)' }).click()
  await expect(field(panel, 'memBandwidth')).toHaveValue('26.8')
  await expect(panel.getByTestId('calc-unit-change-memBandwidth')).toHaveCount(0)
  await expect(panel.getByText('bits: 1 Tb/s = 125 GB/s')).toBeVisible()
  await expect(panel.getByTestId('calc-output-idealSeconds')).toContainText('42.1 ms')

  // Weights of Llama 3 70B in bf16 do not fit one H100: the bar says so.
  await panel.getByRole('tab', { name: 'Memory' }).click()
  await panel.getByTestId('calculator-picker').selectOption('weightBytes')
  await panel.getByRole('button', { name: 'Fill from presets' }).click()
  await expect(field(panel, 'params')).toHaveValue('70.5537')
  await expect(panel.getByTestId('calc-output-bytes')).toContainText('141 GB')
  await expect(panel.getByTestId('memory-verdict')).toContainText('needs at least 2 GPUs')
  await panel
    .getByTestId('memory-bar')
    .screenshot({ path: path.join(artifacts, 'calculators-memory-bar.png') })

  // The free-form line: units in, units out; refusals say where and why.
  await panel.getByRole('tab', { name: 'Free-form' }).click()
  const line = panel.getByTestId('freeform-input')
  await line.fill('70e9 * 2 B / (3.35 TB/s)')
  // The end typed key by key: letters in the panel must not reach the board as tool shortcuts.
  await line.pressSequentially(' in ms')
  expect(await ben.evaluate(() => window.__rooflineEditor?.getCurrentToolId())).toBe('select')
  await expect(panel.getByTestId('freeform-result')).toContainText('41.791 ms')
  await calculators(obs).getByRole('tab', { name: 'Free-form' }).click()
  await expect(calculators(obs).getByTestId('freeform-input')).toHaveValue('70e9 * 2 B / (3.35 TB/s) in ms')
  await expect(calculators(obs).getByTestId('freeform-result')).toContainText('41.791 ms')
  await line.fill('import({}, {override: true})')
  await expect(panel.getByTestId('freeform-error')).toContainText('At character 1: import is not allowed')
  await line.fill('1 GB / 0 s')
  await expect(panel.getByTestId('freeform-error')).toContainText('infinite')
  await line.fill('1 KB in B')
  await expect(panel.getByTestId('freeform-error')).toContainText('At character 3: Unknown unit "KB"')
  await expectNoNonsense(panel)
  await panel.screenshot({ path: path.join(artifacts, 'calculators-freeform-error.png') })

  // The latency cheat sheet.
  const sheet = panel.getByTestId('latency-sheet')
  await sheet.getByText('Latency numbers', { exact: true }).click()
  await expect(sheet).toContainText('Main memory reference')
  await expect(sheet).toContainText('100 ns')
  await sheet.screenshot({ path: path.join(artifacts, 'calculators-latency-sheet.png') })

  // The observer sees the calculators as Ben left them and cannot change them.
  const watch = calculators(obs)
  await expect(watch).toContainText('read-only')
  await watch.getByRole('tab', { name: 'Memory' }).click()
  await watch.getByTestId('calculator-picker').selectOption('weightBytes')
  await expect(field(watch, 'params')).toHaveValue('70.5537')
  await expect(field(watch, 'params')).toHaveAttribute('readonly', '')
  await expect(watch.getByTestId('preset-model')).toBeDisabled()
  await expect(watch.getByRole('button', { name: 'Pin to board' })).toHaveCount(0)
  await obs.screenshot({ path: path.join(artifacts, 'calculators-observer.png') })
})

test('new calculators: speculative decoding refuses an impossible acceptance rate at the field; DeepSeek-V3 at batch 1 reads ~37 GB in FP8', async ({
  browser,
}) => {
  test.slow()
  const links = await createSession(browser)
  const ben = await open(browser, links.candidate)
  const panel = calculators(ben)
  await panel.getByRole('tab', { name: 'Throughput' }).click()

  // Leviathan et al. 2023: α = 0.8, γ = 5 drafts, a draft step at 5% of a target step.
  await panel.getByTestId('calculator-picker').selectOption('speculativeDecoding')
  await field(panel, 'acceptanceRate').fill('1')
  await field(panel, 'draftTokens').fill('5')
  await field(panel, 'draftCostRatio').fill('0.05')
  await expect(panel.getByTestId('calc-error-acceptanceRate')).toContainText('Must be below 1')
  await expect(panel.getByTestId('calc-waiting')).toBeVisible()
  await field(panel, 'acceptanceRate').fill('0.8')
  await expect(panel.getByTestId('calc-output-tokensPerStep')).toContainText('3.689 tokens')
  await expect(panel.getByTestId('calc-output-speedup')).toContainText('2.951')
  await expect(panel.getByTestId('calc-steps')).toContainText('(1 - 0.8^(5 + 1)) / (1 - 0.8)')
  await expectNoNonsense(panel)
  await panel.screenshot({ path: path.join(artifacts, 'calculators-speculative-decoding.png') })

  // DeepSeek-V3 from the presets: the routed-expert split fills in; at batch 1 a step reads
  // 17.1 GB + 8/256 of 653.9 GB per byte of precision: ~37.5 GB in FP8.
  await panel.getByTestId('calculator-picker').selectOption('moeWeightBytesRead')
  await panel.getByTestId('preset-model').selectOption('deepseek-v3')
  await expect(field(panel, 'experts')).toHaveValue('256')
  await expect(field(panel, 'expertsPerToken')).toHaveValue('8')
  // FP8 weights: one byte per parameter.
  await panel.getByTestId('calc-unit-denseBytes').selectOption('GB')
  await field(panel, 'denseBytes').fill('17.0912')
  await panel.getByTestId('calc-unit-expertBytes').selectOption('GB')
  await field(panel, 'expertBytes').fill('653.909')
  await field(panel, 'batch').fill('1')
  await expect(panel.getByTestId('calc-output-bytes')).toContainText('37.5 GB')
  await expect(panel.getByTestId('calc-output-fraction')).toContainText('5.593%')
  // By a batch of 256 nearly every expert is read each step.
  await field(panel, 'batch').fill('256')
  await expect(panel.getByTestId('calc-output-fraction')).toContainText('99.97%')
  await expectNoNonsense(panel)
  await panel.screenshot({ path: path.join(artifacts, 'calculators-moe-weight-bytes.png') })
})
