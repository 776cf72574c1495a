import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { workChecks } from '@roofline/shared'
import { loadBuiltInTemplates } from '@roofline/templates'
import { showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')
const template = loadBuiltInTemplates().find((t) => t.id === 'llm-inference-10k-qps')

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

  const ana = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  const created = await ana.request.post('/api/sessions', {
    data: { templateId: diagnosis.id, names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const { links } = (await created.json()) as { links: { interviewer: string } }
  await ana.goto(links.interviewer)
  await showPanelTab(ana, 'Answers')
  const line = ana.getByTestId('worked-k-ring')
  await expect(line).toContainText('Collective time')
  await expect(line).toContainText('Collective allReduce')
  await expect(line).toContainText('Ranks 32')
  expect(Number(await line.getAttribute('data-value'))).toBeCloseTo(ring.value, 9)
  await expect(line).not.toContainText('differs')
  await line.scrollIntoViewIfNeeded()
  await ana.screenshot({ path: path.join(artifacts, 'worked-figures-collective.png') })
})
