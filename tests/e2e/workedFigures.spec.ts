import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { workChecks } from '@roofline/shared'
import { loadBuiltInTemplates } from '@roofline/templates'

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
