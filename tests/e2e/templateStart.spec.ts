import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, expect, type Page, test } from './fixtures.ts'
import { showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

test.describe.configure({ timeout: 180_000 })

async function open(browser: Browser, link: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
  await page.goto(link)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

/**
 * Shape types and ids on the page, sorted: duplicates would show as repeated entries. Starter
 * ids derive from the session's template key (16 characters, the same in every browser of the
 * session), shown as KEY; the key never names the template's file.
 */
const shapeTypes = (page: Page) =>
  page.evaluate(() =>
    (window.__rooflineEditor?.getCurrentPageShapes() ?? [])
      .map((s) => `${s.type}:${s.id}`.replace(/starter-[A-Za-z0-9_-]{16}-/, 'starter-KEY-'))
      .sort(),
  )
/** Every shape id on the page, as is. */
const shapeIds = (page: Page) =>
  page.evaluate(() => (window.__rooflineEditor?.getCurrentPageShapes() ?? []).map((s) => s.id).sort())

const STARTER = [
  'arrow:shape:starter-KEY-a-data-node',
  'arrow:shape:starter-KEY-a-node-ckpt',
  'gpu-node:shape:starter-KEY-node',
  'system-component:shape:starter-KEY-ckpt',
  'system-component:shape:starter-KEY-data',
]

test("a session starts with its template's starter diagram and presets, once, for both people", async ({
  browser,
  request,
}) => {
  const created = await request.post('/api/sessions', {
    data: { templateId: 'finetune-70b-8xh100', names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const { links } = (await created.json()) as { links: { interviewer: string; candidate: string } }

  // Both join at the same moment: neither has seen the other's start when it seeds.
  const [ana, ben] = await Promise.all([open(browser, links.interviewer), open(browser, links.candidate)])
  for (const page of [ana, ben]) await expect.poll(() => shapeTypes(page)).toEqual(STARTER)
  // Give late updates time to arrive: still one copy on each board.
  await ana.waitForTimeout(1500)
  expect(await shapeTypes(ana)).toEqual(STARTER)
  expect(await shapeTypes(ben)).toEqual(STARTER)
  // One key for both, and the board names no template file.
  expect(await shapeIds(ben)).toEqual(await shapeIds(ana))
  expect((await shapeIds(ben)).join(' ')).not.toContain('finetune-70b-8xh100')
  await expect(ben.locator('[data-kit-type="gpu-node"]')).toContainText('8 × H100')
  // The links carry their bandwidth labels.
  await expect(ben.locator('.tl-shape').filter({ hasText: '100GbE · 12.5 GB/s' })).toHaveCount(2)

  // The calculators start on the template's model and GPU, inputs filled.
  for (const page of [ana, ben]) {
    await showPanelTab(page, 'Calc')
    const panel = page.getByRole('region', { name: 'Calculators' })
    await expect(panel.getByTestId('preset-model')).toHaveValue('llama-3-70b')
    await expect(panel.getByTestId('preset-gpu')).toHaveValue('h100-sxm')
    await expect(panel.getByTestId('calc-field-layers')).toHaveValue('80')
  }
  await ben.screenshot({ path: path.join(artifacts, 'shapes-template-start.png') })

  // The start is nobody's edit: Ben's undo leaves it.
  await ben.locator('.tl-canvas').click({ position: { x: 600, y: 700 } })
  await ben.keyboard.press('Control+z')
  await ben.waitForTimeout(300)
  expect(await shapeTypes(ben)).toEqual(STARTER)

  // Only the interviewer is offered to load it again.
  await expect(ana.getByRole('button', { name: "Load the template's starter diagram" })).toBeVisible()
  await expect(ben.getByRole('button', { name: "Load the template's starter diagram" })).toHaveCount(0)

  // Ben clears the board; rejoining does not bring the diagram back.
  await ben.evaluate(() => {
    const editor = window.__rooflineEditor
    editor?.deleteShapes([...(editor?.getCurrentPageShapeIds() ?? [])])
  })
  await expect.poll(() => shapeTypes(ana)).toEqual([])
  await ana.reload()
  await expect(ana.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await ana.waitForFunction(() => Boolean(window.__rooflineEditor))
  await ana.waitForTimeout(1500)
  expect(await shapeTypes(ana)).toEqual([])
  expect(await shapeTypes(ben)).toEqual([])
})
