import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, expect, type Page, test } from './fixtures.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

// Two browsers and a dozen round trips each: give a loaded CI machine room.
test.describe.configure({ timeout: 120_000 })

async function openBoard(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

/** Ana makes a new board; Ben opens its link in another browser context. */
async function twoPeople(browser: Browser) {
  const first = await browser.newContext()
  const home = await first.newPage()
  await home.goto('/')
  await home.getByRole('button', { name: 'New board' }).click()
  await home.waitForURL(/\/b\/[A-Za-z0-9_-]{22}$/)
  await expect(home.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await home.waitForFunction(() => Boolean(window.__rooflineEditor))
  const second = await browser.newContext()
  const other = await openBoard(second, home.url())
  const errors: string[] = []
  for (const page of [home, other]) page.on('pageerror', (error) => errors.push(error.message))
  return { ana: home, ben: other, contexts: [first, second], errors }
}

const shapesOf = (page: Page, type: string) =>
  page.evaluate(
    (t) => window.__rooflineEditor?.getCurrentPageShapes().filter((s) => s.type === t) ?? [],
    type,
  )

const selectAll = (page: Page, type: string) =>
  page.evaluate((t) => {
    const editor = window.__rooflineEditor
    const ids =
      editor
        ?.getCurrentPageShapes()
        .filter((s) => s.type === t)
        .map((s) => s.id) ?? []
    editor?.select(...ids)
  }, type)

/** The text of each arrow's label, as the other browser holds it. */
const arrowLabels = (page: Page) =>
  page.evaluate(() => {
    const text = (node: unknown): string => {
      if (typeof node !== 'object' || node === null) return ''
      const { text: own, content } = node as { text?: string; content?: unknown[] }
      return (own ?? '') + (content ?? []).map(text).join('')
    }
    return (
      window.__rooflineEditor
        ?.getCurrentPageShapes()
        .filter((s) => s.type === 'arrow')
        .map((s) => text(s.props.richText)) ?? []
    )
  })

const part = (page: Page, name: string) =>
  page.getByTestId('parts-palette').getByRole('button', { name, exact: true })

test('a GPU cluster from the palette: inspector edits reach the other person and the estimates', async ({
  browser,
}) => {
  const { ana, ben, contexts, errors } = await twoPeople(browser)

  await part(ana, 'GPU cluster').click()
  await expect.poll(async () => (await shapesOf(ana, 'gpu-cluster')).length).toBe(1)
  await expect.poll(async () => (await shapesOf(ben, 'gpu-cluster')).length).toBe(1)

  // Placed and selected: the inspector and the estimates show 16 nodes × 8 H100.
  const inspector = ana.getByTestId('inspector')
  await expect(inspector).toBeVisible()
  await expect(ana.getByTestId('estimate-gpus')).toContainText('128')
  await expect(ana.getByTestId('estimate-hbm')).toContainText('10.2 TB')
  await expect(ana.getByTestId('estimate-fit')).toContainText('Fits')

  await inspector.getByLabel('GPUs per node').fill('4')
  await expect(ana.getByTestId('estimate-gpus')).toContainText('64')
  await expect(ana.locator('[data-kit-type="gpu-cluster"]').getByTestId('cluster-gpus')).toHaveText('64 GPUs')

  // Ben sees the change on the canvas, and in his estimates once he selects it.
  await expect
    .poll(async () => (await shapesOf(ben, 'gpu-cluster'))[0]?.props.gpusPerNode, { timeout: 2000 })
    .toBe(4)
  await expect(ben.locator('[data-kit-type="gpu-cluster"]').getByTestId('cluster-gpus')).toHaveText('64 GPUs')
  await selectAll(ben, 'gpu-cluster')
  await expect(ben.getByTestId('estimate-gpus')).toContainText('64')
  await expect(ben.getByTestId('estimate-hbm')).toContainText('5.12 TB')

  // While Ben looks at it, Ana doubles the nodes: his totals follow.
  await inspector.getByLabel('Nodes').fill('32')
  await expect(ben.getByTestId('estimate-gpus')).toContainText('128')
  await expect(ben.getByTestId('inspector').getByLabel('Nodes')).toHaveValue('32')

  // A model that does not fit says so: DeepSeek-V3 (671 GB of weights) on one 4-GPU node.
  await inspector.getByLabel('Nodes').fill('1')
  await ana.getByTestId('estimates').getByLabel('Model').selectOption('deepseek-v3')
  await expect(ana.getByTestId('estimate-fit')).toContainText('Does not fit')
  await ana.screenshot({ path: path.join(artifacts, 'shapes-inspector.png') })

  expect(errors).toEqual([])
  for (const context of contexts) await context.close()
})

test('drag a part onto the board, search with /, link two shapes', async ({ browser }) => {
  const { ana, ben, contexts, errors } = await twoPeople(browser)

  // Drag "GPU node" from the palette and drop it on the canvas.
  const tile = part(ana, 'GPU node')
  const from = await tile.boundingBox()
  if (!from) throw new Error('no GPU node tile')
  await ana.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await ana.mouse.down()
  await ana.mouse.move(500, 420, { steps: 8 })
  await ana.mouse.move(700, 450, { steps: 8 })
  await ana.mouse.up()
  await expect.poll(async () => (await shapesOf(ana, 'gpu-node')).length).toBe(1)
  const dropped = await ana.evaluate(() => {
    const editor = window.__rooflineEditor
    const node = editor?.getCurrentPageShapes().find((s) => s.type === 'gpu-node')
    const bounds = node && editor?.getShapePageBounds(node.id)
    return bounds && editor?.pageToScreen({ x: bounds.x + bounds.w / 2, y: bounds.y + bounds.h / 2 })
  })
  expect(Math.abs((dropped?.x ?? 0) - 700)).toBeLessThan(2)
  expect(Math.abs((dropped?.y ?? 0) - 450)).toBeLessThan(2)

  // `/` opens the search; Enter places the first match.
  await ana.mouse.click(900, 650)
  await ana.keyboard.press('/')
  await expect(ana.getByLabel('Search parts')).toBeFocused()
  await ana.keyboard.type('vector')
  await ana.keyboard.press('Enter')
  await expect.poll(async () => (await shapesOf(ana, 'system-component'))[0]?.props.kind).toBe('vector-db')

  // Double-click a part to rename it in place.
  const vectorDb = await ana.evaluate(() => {
    const editor = window.__rooflineEditor
    const shape = editor?.getCurrentPageShapes().find((s) => s.type === 'system-component')
    const bounds = shape && editor?.getShapePageBounds(shape.id)
    return bounds && editor?.pageToScreen({ x: bounds.x + bounds.w / 2, y: bounds.y + bounds.h / 2 })
  })
  if (!vectorDb) throw new Error('no vector database on the board')
  await ana.mouse.dblclick(vectorDb.x, vectorDb.y)
  await expect(ana.locator('input.kit-label--editing')).toBeFocused()
  await ana.keyboard.type('Embeddings index')
  await ana.keyboard.press('Enter')
  await expect
    .poll(async () => (await shapesOf(ben, 'system-component'))[0]?.props.label)
    .toBe('Embeddings index')

  // With both selected, "Link" joins them with a bound link arrow carrying its bandwidth label.
  await ana.evaluate(() => {
    const editor = window.__rooflineEditor
    const ids = editor?.getCurrentPageShapes().map((s) => s.id) ?? []
    editor?.select(...ids)
  })
  await part(ana, 'Link').click()
  await expect.poll(async () => (await shapesOf(ben, 'arrow')).length).toBe(1)
  const [arrow] = await shapesOf(ben, 'arrow')
  expect(arrow?.meta).toEqual({ linkType: 'infiniband-ndr', linkCount: 1 })
  await expect.poll(() => arrowLabels(ben)).toEqual(['IB NDR · 50 GB/s'])

  // The link inspector changes its type and count; the label follows.
  const link = ana.getByTestId('link-inspector')
  await link.getByLabel('Link type').selectOption('ethernet-400g')
  await link.getByLabel('Parallel links').fill('2')
  await expect.poll(() => arrowLabels(ben)).toEqual(['2 × 400GbE · 100 GB/s'])
  await expect
    .poll(async () => (await shapesOf(ben, 'arrow'))[0]?.meta)
    .toEqual({
      linkType: 'ethernet-400g',
      linkCount: 2,
    })
  await ben.screenshot({ path: path.join(artifacts, 'shapes-link.png') })

  expect(errors).toEqual([])
  for (const context of contexts) await context.close()
})

test('bad properties from the shared document show as invalid and break nothing', async ({ browser }) => {
  const { ana, ben, contexts, errors } = await twoPeople(browser)
  await part(ana, 'GPU node').click()
  await part(ana, 'GPU node').click()
  await expect.poll(async () => (await shapesOf(ben, 'gpu-node')).length).toBe(2)

  // Ana's client writes what a buggy or hostile one could: a negative count, an unknown GPU.
  await ana.evaluate(() => {
    const editor = window.__rooflineEditor
    const [first, second] = editor?.getCurrentPageShapes().filter((s) => s.type === 'gpu-node') ?? []
    if (!first || !second) return
    editor?.updateShape({ id: first.id, type: 'gpu-node', props: { gpusPerNode: -4 } })
    editor?.updateShape({ id: second.id, type: 'gpu-node', props: { gpuId: 'h900' } })
    // ... and a link arrow naming a link type no preset has.
    editor?.createShape({
      type: 'arrow',
      x: 0,
      y: -200,
      props: { start: { x: 0, y: 0 }, end: { x: 240, y: 0 } },
      meta: { linkType: 'warp-drive', linkCount: 1 },
    })
  })
  // The link is marked on the board too, with the reason, not only in the inspector.
  const badLink = ben.getByTestId('link-invalid')
  await expect(badLink).toHaveCount(1)
  await expect(badLink).toContainText(/Invalid · Link type: .*warp-drive/)
  const invalid = ben.locator('[data-kit-type="gpu-node"][data-invalid="true"]')
  await expect(invalid).toHaveCount(2)
  // tldraw orders shapes in the DOM by its own rules, so each message is looked up on its own.
  const messages = invalid.getByTestId('shape-invalid')
  await expect(messages.filter({ hasText: /GPUs per node: must be at least 1/ })).toHaveCount(1)
  await expect(messages.filter({ hasText: /GPU model: unknown GPU model "h900"/ })).toHaveCount(1)

  // Ben's board works on: selecting shows the invalid state and leaves them out of totals.
  await selectAll(ben, 'gpu-node')
  await expect(ben.getByTestId('estimate-invalid')).toHaveText('2 invalid shapes')
  await ben.evaluate(() => {
    const editor = window.__rooflineEditor
    const node = editor?.getCurrentPageShapes().find((s) => s.type === 'gpu-node' && s.props.gpuId === 'h900')
    if (node) editor?.select(node.id)
  })
  await expect(ben.getByTestId('inspector-invalid')).toBeVisible()
  await expect(ben.getByTestId('inspector').getByLabel('GPU model')).toHaveValue('h900')
  // ... and fixing it in the inspector makes it valid for both.
  await ben.getByTestId('inspector').getByLabel('GPU model').selectOption('h200')
  await expect(ana.locator('[data-kit-type="gpu-node"][data-invalid="true"]')).toHaveCount(1)
  await ben.screenshot({ path: path.join(artifacts, 'shapes-invalid.png') })

  expect(errors).toEqual([])
  for (const context of contexts) await context.close()
})

test('a full inference architecture drawn with the kit', async ({ browser }) => {
  const { ana, ben, contexts, errors } = await twoPeople(browser)
  await ana.getByRole('button', { name: 'Insert example: disaggregated serving' }).click()
  await expect.poll(async () => (await shapesOf(ben, 'gpu-node')).length).toBe(4)
  expect(await shapesOf(ben, 'boundary')).toHaveLength(3)
  expect((await shapesOf(ben, 'arrow')).filter((a) => a.meta.linkType)).toHaveLength(4)
  // Ben's cursor rests in an empty corner of the region, where Ana sees it with his name.
  const benAt = await ben.evaluate(() => {
    const editor = window.__rooflineEditor
    const region = editor
      ?.getCurrentPageShapes()
      .find((s) => s.type === 'boundary' && s.props.kind === 'region')
    return region && editor?.pageToScreen({ x: region.x + 120, y: region.y + 640 })
  })
  if (benAt) await ben.mouse.move(benAt.x, benAt.y, { steps: 4 })

  // Select both pools: the estimates count the 32 H100s inside them.
  await ana.evaluate(() => {
    const editor = window.__rooflineEditor
    const pools = editor
      ?.getCurrentPageShapes()
      .filter((s) => s.type === 'boundary' && s.props.kind !== 'region')
    editor?.select(...(pools?.map((p) => p.id) ?? []))
  })
  await expect(ana.getByTestId('estimate-gpus')).toContainText('32')
  await expect(ana.getByTestId('estimate-fit')).toContainText('Fits')
  await ana.screenshot({ path: path.join(artifacts, 'shapes-estimates.png') })

  // The estimate pins like a calculator result: a card both boards show.
  await ana.getByTestId('estimates').getByRole('button', { name: 'Pin to board' }).click()
  await expect.poll(async () => (await shapesOf(ben, 'calc-card')).length).toBe(1)
  const [estimate] = await shapesOf(ben, 'calc-card')
  expect(estimate?.props.title).toBe('Llama 3 70B on 32 GPUs')
  await expect(ben.getByTestId('calc-card')).toContainText('Fits')
  // Nothing in the panel can reopen an estimate, so its card offers no "Open in panel".
  await expect(ben.getByTestId('calc-card').getByRole('button', { name: 'Open in panel' })).toHaveCount(0)
  await ana.evaluate(() => {
    const editor = window.__rooflineEditor
    const card = editor?.getCurrentPageShapes().find((s) => s.type === 'calc-card')
    if (!editor || !card) return
    // Pinned in the middle of the view, it landed inside the region: set it beside the diagram.
    editor.reparentShapes([card.id], editor.getCurrentPageId())
    editor.updateShape({ id: card.id, type: 'calc-card', x: -700, y: 120 })
  })

  // Exported as SVG, every part is drawn in SVG (no HTML in foreignObject) with its text.
  await expect.poll(async () => (await shapesOf(ben, 'calc-card'))[0]?.x).toBe(-700)
  const svg = await ben.evaluate(async () => {
    const editor = window.__rooflineEditor
    if (!editor) return ''
    const result = await editor.getSvgString([...editor.getCurrentPageShapeIds()], { background: true })
    return result?.svg ?? ''
  })
  writeFileSync(path.join(artifacts, 'shapes-export.svg'), svg)
  // (tldraw's own arrow labels are rich text in foreignObject; the kit's cards never are.)
  expect(svg).not.toMatch(/kit-card|calc-card|tl-html-container/)
  for (const text of ['8 × H100 SXM5 80GB', 'Prefill pool', 'Decode engine', 'vLLM', 'Object store']) {
    expect(svg, text).toContain(text)
  }
  expect(svg).toContain('Llama 3 70B on 32 GPUs')
  expect(svg).toContain('16 GPUs · 1.28 TB HBM')
  // ... and the PNG export, for a look.
  const png = await ben.evaluate(async () => {
    const editor = window.__rooflineEditor
    if (!editor) return ''
    const { blob } = await editor.toImage([...editor.getCurrentPageShapeIds()], {
      format: 'png',
      background: true,
      padding: 24,
    })
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let binary = ''
    for (const byte of bytes) binary += String.fromCharCode(byte)
    return btoa(binary)
  })
  writeFileSync(path.join(artifacts, 'shapes-export.png'), Buffer.from(png, 'base64'))

  // The whole diagram, framed in the space the menus, style panel and toolbar leave free.
  await ana.getByRole('button', { name: 'Hide parts' }).click()
  const free = { x: 24, y: 100, w: 1080, h: 630 }
  await ana.evaluate((rect) => {
    const editor = window.__rooflineEditor
    const bounds = editor?.getCurrentPageBounds()
    const viewport = editor?.getViewportScreenBounds()
    if (!editor || !bounds || !viewport) return
    editor.selectNone()
    const z = Math.min(rect.w / bounds.w, rect.h / bounds.h)
    const x = (rect.x + rect.w / 2 - viewport.x) / z - (bounds.x + bounds.w / 2)
    const y = (rect.y + rect.h / 2 - viewport.y) / z - (bounds.y + bounds.h / 2)
    editor.setCamera({ x, y, z })
  }, free)
  await ana.mouse.move(1270, 790)
  await ana.waitForTimeout(400)
  await ana.screenshot({ path: path.join(artifacts, 'shapes-inference-architecture.png') })

  expect(errors).toEqual([])
  for (const context of contexts) await context.close()
})
