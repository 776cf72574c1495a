import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { workChecks } from '@roofline/shared'
import { loadBuiltInTemplates } from '@roofline/templates'
import { type Browser, expect, type Page, test } from './fixtures.ts'
import { showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')
const template = loadBuiltInTemplates().find((t) => t.id === 'llm-inference-10k-qps')

/** An interviewer page at 1440 × 900 on a new session of `templateId`, created through the API. */
async function openInterviewer(browser: Browser, templateId: string): Promise<Page> {
  const ana = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  const created = await ana.request.post('/api/sessions', {
    data: { templateId, names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const { links } = (await created.json()) as { links: { interviewer: string } }
  await ana.goto(links.interviewer)
  await showPanelTab(ana, 'Answers')
  return ana
}

/**
 * Journey 5 ("the numbers hold up"): the interviewer sees each figure the rubric states worked
 * by the calculator that produces it, with the value the calculators give today, and the
 * candidate sees none of it.
 */
test('the interviewer sees the rubric figures worked by the calculators; the candidate sees none', async ({
  browser,
}) => {
  if (!template) throw new Error('no llm-inference-10k-qps template')
  const sizing = workChecks(template.checks).filter((result) => result.check.in === 'r-sizing')
  expect(sizing.length).toBeGreaterThan(2)

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const ana = await context.newPage()
  const created = await ana.request.post('/api/sessions', {
    data: { templateId: template.id, names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const { links } = (await created.json()) as { links: { interviewer: string; candidate: string } }
  await ana.goto(links.interviewer)
  await showPanelTab(ana, 'Score')
  const row = ana.getByTestId('score-r-sizing')
  await row.getByText('Signals').click()
  for (const result of sizing) {
    if (!result.ok) throw new Error(`${result.check.id}: ${result.error}`)
    const line = ana.getByTestId(`worked-${result.check.id}`)
    await expect(line).toContainText(result.check.label)
    // The figure shown is the calculators' own, worked in the interviewer's browser.
    expect(Number(await line.getAttribute('data-value'))).toBeCloseTo(result.value, 6)
    await expect(line.locator('strong')).not.toHaveText('')
    await expect(line).not.toContainText('differs')
  }
  await row.scrollIntoViewIfNeeded()
  await ana.screenshot({ path: path.join(artifacts, 'worked-figures-interviewer.png') })

  const ben = await (await browser.newContext()).newPage()
  await ben.goto(links.candidate)
  await expect(ben.getByTestId('prompt')).toContainText('10,000 requests per second')
  await expect(ben.getByText('Worked:')).toHaveCount(0)
  await expect(ben.locator('[data-testid^="worked-"]')).toHaveCount(0)
})

/**
 * A figure worked by a calculator that takes a choice (a collective's operation) shows the
 * option among its inputs, and one of the evaluation calculators shows its figure, both with
 * the value the calculators give.
 */
test('a card figure worked through a choice input (ring all-reduce) shows the operation and the value', async ({
  browser,
}) => {
  const diagnosis = loadBuiltInTemplates().find((t) => t.id === 'gpu-bottleneck-diagnosis')
  if (!diagnosis) throw new Error('no gpu-bottleneck-diagnosis template')
  const ring = workChecks(diagnosis.checks).find((result) => result.check.id === 'k-ring')
  if (!ring?.ok) throw new Error('k-ring cannot be computed')

  const ana = await openInterviewer(browser, diagnosis.id)
  const line = ana.getByTestId('worked-k-ring')
  await expect(line).toContainText('Collective time')
  await expect(line).toContainText('Collective allReduce')
  await expect(line).toContainText('Ranks 32')
  expect(Number(await line.getAttribute('data-value'))).toBeCloseTo(ring.value, 9)
  await expect(line).not.toContainText('differs')
  await line.scrollIntoViewIfNeeded()
  await ana.screenshot({ path: path.join(artifacts, 'worked-figures-collective.png') })
})

/**
 * A figure combined from earlier ones (the card's "9x slower": the profile's exposed reduction
 * over the ideal ring all-reduce) shows the operation over its operands, each named by the figure
 * it comes from, with the value the calculators give; the ring's bus factor, a figure no text
 * states that a later check uses, shows as a worked step.
 */
test('a combined figure shows the ratio of the figures it is worked from, and a working step is marked', async ({
  browser,
}) => {
  const diagnosis = loadBuiltInTemplates().find((t) => t.id === 'gpu-bottleneck-diagnosis')
  if (!diagnosis) throw new Error('no gpu-bottleneck-diagnosis template')
  const results = workChecks(diagnosis.checks)
  const gap = results.find((result) => result.check.id === 'k-reduction-gap')
  const ring = results.find((result) => result.check.id === 'k-ring')
  if (!gap?.ok || !ring?.ok) throw new Error('k-reduction-gap or k-ring cannot be computed')

  const ana = await openInterviewer(browser, diagnosis.id)
  const line = ana.getByTestId('worked-k-reduction-gap')
  await expect(line).toContainText(`Worked: ${gap.check.label} =`)
  // The value is a multiple, to three significant digits, worked in the interviewer's browser.
  await expect(line.locator('strong')).toHaveText(`${Number(gap.value.toPrecision(3))}×`)
  expect(Number(await line.getAttribute('data-value'))).toBeCloseTo(1.5 / ring.value, 9)
  // "(Ratio: 1.5 ÷ Ring all-reduce of each GPU's 4.4 GB … 171 ms)": the operation and each operand.
  await expect(line).toContainText(`(Ratio: 1.5 ÷ ${ring.check.label} 171 ms)`)
  await expect(line).not.toContainText('differs')

  const step = ana.getByTestId('worked-k-ring-factor')
  await expect(step).toContainText('Worked step: Ring all-reduce bus factor')
  await expect(step.locator('strong')).toHaveText('193.8%')
  const bytes = ana.getByTestId('worked-k-ring-bytes')
  await expect(bytes).toContainText(
    '(Product: BF16 gradients of one TP8 × PP4 shard 4.41 GB × Ring all-reduce bus factor',
  )

  await line.scrollIntoViewIfNeeded()
  await ana.screenshot({ path: path.join(artifacts, 'worked-figures-combined.png') })
})
