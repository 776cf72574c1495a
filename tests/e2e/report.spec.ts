import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { type Browser, expect, type Page, test } from './fixtures.ts'
import {
  createSession,
  endAndShareReplay,
  openSession,
  revealFirstCard,
  showPanelTab,
} from './sessionSteps.ts'

/** Where the report's screenshots and PDF go (looked at by whoever changes the report). */
const shots = process.env.ROOFLINE_SHOTS_DIR ?? 'e2e/artifacts/report'
const HOSTILE = '<img src=x onerror="window.__pwned=1">Fleet'

/** The report page of a session or replay link: same id, same token, `/report/` instead. */
const reportOf = (link: string) => link.replace(/\/(s|replay)\//, '/report/')

/**
 * Ben draws a model server and a GPU cluster (named with markup) and links them, as the
 * palette's parts and Link would: user changes through the editor, synced and recorded.
 */
async function drawDiagram(ben: Page) {
  await ben.evaluate((hostile) => {
    const editor = window.__rooflineEditor as unknown as {
      createShape(shape: object): void
      createBindings(bindings: object[]): void
      run(fn: () => void): void
    }
    editor.run(() => {
      editor.createShape({
        id: 'shape:report-server',
        type: 'model-server',
        x: 200,
        y: 200,
        props: { label: 'Decode engine', replicas: 6, tensorParallel: 4 },
      })
      editor.createShape({
        id: 'shape:report-cluster',
        type: 'gpu-cluster',
        x: 700,
        y: 200,
        props: { label: hostile, nodes: 3 },
      })
      editor.createShape({
        id: 'shape:report-link',
        type: 'arrow',
        x: 470,
        y: 250,
        props: { start: { x: 0, y: 0 }, end: { x: 230, y: 0 } },
        meta: { linkType: 'infiniband-ndr', linkCount: 4 },
      })
      editor.createBindings(
        (['start', 'end'] as const).map((terminal) => ({
          type: 'arrow',
          fromId: 'shape:report-link',
          toId: terminal === 'start' ? 'shape:report-server' : 'shape:report-cluster',
          props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
        })),
      )
    })
  }, HOSTILE)
}

/** Ben works out the KV cache in the calculator panel and pins it, with its inputs. */
async function pinKvCache(ben: Page) {
  await showPanelTab(ben, 'Calc')
  const panel = ben.getByRole('region', { name: 'Calculators' })
  await panel.getByRole('tab', { name: 'Memory' }).click()
  await panel.getByTestId('calculator-picker').selectOption('kvCache')
  await panel.getByTestId('preset-model').selectOption('llama-3-70b')
  await expect(panel.getByTestId('calc-field-layers')).toHaveValue('80')
  await panel.getByTestId('calc-field-batch').fill('16')
  await panel.getByRole('button', { name: 'Pin to board' }).click()
  await expect
    .poll(() =>
      ben.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().some((s) => s.type === 'calc-card')),
    )
    .toBe(true)
}

async function openReport(browser: Browser, link: string, viewport: { width: number; height: number }) {
  const page = await (await browser.newContext({ viewport })).newPage()
  await page.goto(reportOf(link))
  await expect(page.getByRole('heading', { level: 1 })).toContainText('interview report', { timeout: 30_000 })
  return page
}

test('an ended interview gives a report to read, print and save as PDF; a link without notes gives none', async ({
  browser,
}) => {
  test.setTimeout(240_000)
  mkdirSync(shots, { recursive: true })
  const links = await createSession(browser)
  const ana = await openSession(browser, links.interviewer, { width: 1440, height: 900 })
  const ben = await openSession(browser, links.candidate, { width: 1440, height: 900 })

  await ana.getByRole('button', { name: 'Start' }).click()
  await expect(ben.getByTestId('timer')).toHaveAttribute('data-status', 'running')
  await drawDiagram(ben)
  await pinKvCache(ben)
  await revealFirstCard(ana)
  await ana.getByLabel('New note').fill(`Sized KV before drawing ${HOSTILE}`)
  await ana.getByRole('button', { name: 'Add note' }).click()
  await showPanelTab(ana, 'Notes')
  await expect(ana.locator('.notes li')).toHaveCount(1)
  await showPanelTab(ana, 'Score')
  const firstCriterion = ana.locator('[data-testid^="score-"]').first()
  await firstCriterion.getByRole('button', { name: '3' }).click()
  await expect(firstCriterion.getByRole('button', { name: '3' })).toHaveAttribute('aria-pressed', 'true')
  const verdict = ana.getByTestId('verdict')
  await verdict.getByRole('button', { name: 'Almost there' }).click()
  await expect(verdict.getByRole('button', { name: 'Almost there' })).toHaveAttribute('aria-pressed', 'true')
  await verdict.getByLabel('Summary for the report').fill('Strong sizing; the failure story needs work.')
  await verdict.getByLabel('Summary for the report').blur()
  await expect
    .poll(() => verdict.getByLabel('Summary for the report').inputValue())
    .toContain('Strong sizing')
  await ana.getByRole('region', { name: 'Scorecard' }).screenshot({ path: `${shots}/scorecard-verdict.png` })
  await ana.waitForTimeout(500)
  const publicReplay = await endAndShareReplay(ana)

  // The interviewer's own link, in a fresh browser at two sizes.
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    const page = await openReport(browser, links.interviewer, viewport)
    const sections = page.locator('.report h2')
    await expect(sections).toHaveText([
      'Summary',
      'Prompt',
      'Time per phase',
      'Reveals',
      'Diagram at the end',
      'Pinned calculations',
      'Notes',
    ])
    await expect(page.locator('.report__total')).toHaveText(
      /^Total 3 of 4 \(1 of \d+ criteria scored, mean 3\.0 of 4\)$/,
    )
    await expect(page.locator('.report__recommendation')).toHaveText('Recommendation: Almost there')
    await expect(page.locator('.report__verdict')).toHaveText('Strong sizing; the failure story needs work.')
    await expect(page.locator('.report__facts')).toContainText('InterviewerAna')
    await expect(page.locator('.report__hardware')).toHaveText(
      /^The diagram holds 24 GPUs \(24 × H100[^)]*\) in 3 nodes; its model server asks for 24 \(replicas × TP × PP\)\.$/,
    )
    await expect(page.locator('.report__parts')).toContainText('Model server “Decode engine”')
    await expect(page.locator('.report__parts')).toContainText('GPUs (replicas × TP × PP): 24')
    await expect(page.locator('.report__parts')).toContainText(`GPU cluster “${HOSTILE}”`)
    await expect(
      page.locator('#report-diagram ~ table, .report table').filter({ hasText: 'Decode engine →' }),
    ).toContainText('4 × IB NDR · 200 GB/s per direction')
    await expect(page.locator('.report__calc')).toContainText('Layers: 80')
    await expect(page.locator('.report__calc .report__steps')).toContainText('2 · 80 · 8 · 128 · 2')
    await expect(page.locator('.report__notes')).toContainText(`Sized KV before drawing ${HOSTILE}`)
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    // The page fits its width: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      viewport.width,
    )
    await page.screenshot({
      path: `${shots}/report-${viewport.width}x${viewport.height}.png`,
      fullPage: true,
    })
    if (viewport.width === 1440) {
      await page.emulateMedia({ media: 'print' })
      await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden()
      await page.screenshot({ path: `${shots}/report-print-media.png`, fullPage: true })
      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      writeFileSync(`${shots}/report.pdf`, pdf)
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []
      expect(pages.length).toBeGreaterThan(0)
      console.log(`report PDF: ${pages.length} A4 page(s), ${pdf.length} bytes`)
    }
    await page.context().close()
  }

  // The replay made without notes: its report says so and carries none of them.
  const plain = await openReport(browser, publicReplay, { width: 1440, height: 900 })
  await expect(plain.locator('.report')).toContainText('this link does not include them')
  await expect(plain.locator('.report h2')).not.toContainText(['Notes'])
  await expect(plain.locator('.report')).not.toContainText('Sized KV before drawing')
  await expect(plain.locator('.report')).not.toContainText('Strong sizing')
  await expect(plain.locator('.report__parts')).toContainText('Decode engine')
  await plain.screenshot({ path: `${shots}/report-without-notes.png`, fullPage: true })

  // The replay page leads to the same report.
  const viewer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  await viewer.goto(publicReplay)
  await expect(viewer.getByTestId('replay')).toBeVisible({ timeout: 30_000 })
  // Its Export menu downloads the same report as Markdown.
  await viewer.locator('details.export-menu > summary').click()
  const [markdown] = await Promise.all([
    viewer.waitForEvent('download'),
    viewer.getByRole('menuitem', { name: 'Report (Markdown)' }).click(),
  ])
  expect(markdown.suggestedFilename()).toMatch(/^roofline-.+-report\.md$/)
  const text = readFileSync(await markdown.path(), 'utf8')
  expect(text).toMatch(/^# .+: interview report\n/)
  expect(text).toContain('- **Model server “Decode engine”**')
  expect(text).toContain('this link does not include them')
  expect(text).not.toContain('Sized KV before drawing')
  const [fromReplay] = await Promise.all([
    viewer.context().waitForEvent('page'),
    viewer.getByRole('link', { name: 'Report' }).click(),
  ])
  await expect(fromReplay.getByRole('heading', { level: 1 })).toContainText('interview report', {
    timeout: 30_000,
  })
  await expect(fromReplay.locator('.report')).toContainText('this link does not include them')
})
