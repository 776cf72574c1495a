import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeStep, kvCache, moeWeightBytesRead, weightBytes } from '@roofline/shared/calc'
import { gpuById, modelById } from '@roofline/shared/presets'
import { type Browser, expect, type Locator, type Page, test } from './fixtures.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

test.describe.configure({ timeout: 180_000 })

/** A session on the cost-reduction template, opened by its interviewer at `size`. */
async function costReductionBoard(browser: Browser, size: { width: number; height: number }) {
  const context = await browser.newContext({ viewport: size })
  const page = await context.newPage()
  const created = await page.request.post('/api/sessions', {
    data: { templateId: 'llm-70b-cost-reduction', names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const { links } = (await created.json()) as { links: { interviewer: string } }
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(links.interviewer)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  await expect
    .poll(() => page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length ?? 0))
    .toBeGreaterThan(3)
  return { page, context, errors }
}

/** The starter's model server and GPU cluster as the board holds them. */
async function starterParts(page: Page) {
  const shapes = await page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes() ?? [])
  const server = shapes.find((s) => s.type === 'model-server')
  const cluster = shapes.find((s) => s.type === 'gpu-cluster')
  if (!server || !cluster) throw new Error('the starter has no model server or no GPU cluster')
  return {
    server: {
      id: server.id,
      ...(server.props as { replicas: number; tensorParallel: number; modelId: string }),
    },
    cluster: {
      id: cluster.id,
      ...(cluster.props as { nodes: number; gpusPerNode: number; gpuId: string; scaleUpDomain: number }),
    },
  }
}

const selectAll = (page: Page) =>
  page.evaluate(() => {
    const editor = window.__rooflineEditor
    editor?.select(...(editor.getCurrentPageShapes().map((s) => s.id) ?? []))
  })

/** The number in a figure's text: '39,141 tokens/s' → 39141, '23.5 M tokens/s' → 2.35e7, '7.66 ms' → 0.00766. */
async function figure(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? ''
  const match = /([\d,.]+)\s*(M tokens|GB|ms|µs|s|tokens)/.exec(text)
  if (!match?.[1]) throw new Error(`no figure in "${text}"`)
  const n = Number(match[1].replaceAll(',', ''))
  const scale: Record<string, number> = { 'M tokens': 1e6, GB: 1e9, ms: 1e-3, µs: 1e-6, s: 1, tokens: 1 }
  return n * (scale[match[2] ?? ''] ?? 1)
}

/** A shown figure within its display rounding (3 significant digits, or a whole token/s) of `expected`. */
async function expectFigure(locator: Locator, expected: number) {
  const shown = await figure(locator)
  expect(Math.abs(shown - expected)).toBeLessThanOrEqual(Math.max(0.5, Math.abs(expected) * 0.005))
}

/** One replica's decode on `gpus` GPUs of one kind (all of TP), from the calculators. */
function decodeOnReplica(opts: {
  modelId: string
  gpuId: string
  tensorParallel: number
  pipelineParallel?: number
  bytesPerParam: number
  batch: number
  contextTokens: number
  weightBytesRead?: number
}) {
  const model = modelById(opts.modelId)
  const gpu = gpuById(opts.gpuId)
  if (!model || !gpu) throw new Error('unknown preset')
  const pp = opts.pipelineParallel ?? 1
  const kv = kvCache({
    layers: model.layers,
    kvHeads: 1,
    headDim: model.kvElementsPerTokenPerLayer / 2,
    bytesPerElement: opts.bytesPerParam,
    tokens: opts.contextTokens,
    batch: opts.batch,
  }).bytes
  const peak = opts.bytesPerParam === 1 ? (gpu.fp8DenseFlops ?? gpu.bf16DenseFlops) : gpu.bf16DenseFlops
  return decodeStep({
    params: model.activeParams,
    weightBytes:
      opts.weightBytesRead ?? weightBytes({ params: model.params, bytesPerParam: opts.bytesPerParam }).bytes,
    kvBytes: kv / pp,
    batch: opts.batch,
    memBandwidth: opts.tensorParallel * gpu.hbmBandwidth,
    peakFlops: opts.tensorParallel * pp * peak,
    memoryEfficiency: 0.7,
  })
}

test("select all on the cost-reduction starter: one replica's figures and the fleet's; a 100K-GPU cluster; DeepSeek-V3 at batch 1", async ({
  browser,
}) => {
  const { page, context, errors } = await costReductionBoard(browser, { width: 1440, height: 900 })
  const { server, cluster } = await starterParts(page)
  const estimates = page.getByTestId('estimates')

  // Select all: one TP8 replica of Llama 3 70B on H100s, and the fleet of the server's replicas.
  await selectAll(page)
  const gpus = cluster.nodes * cluster.gpusPerNode
  await expect(estimates.getByTestId('estimate-replica')).toContainText(
    `One replica: TP ${server.tensorParallel}, ${server.tensorParallel} × H100`,
  )
  await expect(estimates.getByTestId('estimate-fleet')).toContainText(
    `Fleet: ${server.replicas.toLocaleString('en-US')} replicas, ${gpus.toLocaleString('en-US')} GPUs`,
  )
  await expect(estimates.getByTestId('estimate-fit')).toContainText('Fits one replica')
  const batch = Number(await estimates.getByLabel('Batch / replica').inputValue())
  const contextTokens = Number(await estimates.getByLabel('Context').inputValue())
  expect(await estimates.getByLabel('HBM eff. %').inputValue()).toBe('70')
  const step = decodeOnReplica({
    modelId: server.modelId,
    gpuId: cluster.gpuId,
    tensorParallel: server.tensorParallel,
    bytesPerParam: 2,
    batch,
    contextTokens,
  })
  await expectFigure(estimates.getByTestId('estimate-replica-decode'), step.tokensPerSecond)
  await expectFigure(estimates.getByTestId('estimate-replica-ideal'), step.idealTokensPerSecond)
  await expectFigure(estimates.getByTestId('estimate-replica-step'), step.seconds)
  await expectFigure(estimates.getByTestId('estimate-fleet-decode'), server.replicas * step.tokensPerSecond)
  await expectFigure(
    estimates.getByTestId('estimate-fleet-ideal'),
    server.replicas * step.idealTokensPerSecond,
  )
  await expect(estimates.getByTestId('estimate-fleet-streams')).toHaveText(
    (server.replicas * batch).toLocaleString('en-US'),
  )
  // Batch 1: one replica's own bound, ~141 GB / (8 × 3.35 TB/s) = ~5.3 ms ideal, not ~1 ms.
  await estimates.getByLabel('Batch / replica').fill('1')
  const one = decodeOnReplica({
    modelId: server.modelId,
    gpuId: cluster.gpuId,
    tensorParallel: server.tensorParallel,
    bytesPerParam: 2,
    batch: 1,
    contextTokens,
  })
  await expect(estimates.getByTestId('estimate-fleet-streams')).toHaveText(
    server.replicas.toLocaleString('en-US'),
  )
  await expectFigure(estimates.getByTestId('estimate-replica-decode'), one.tokensPerSecond)
  await expectFigure(estimates.getByTestId('estimate-fleet-decode'), server.replicas * one.tokensPerSecond)
  expect(one.idealSeconds).toBeGreaterThan(0.005)
  await expect(estimates.getByTestId('estimate-unavailable')).toHaveCount(0)
  await estimates.getByTestId('estimate-fleet').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(artifacts, 'estimates-cost-reduction-1440.png') })

  // The pinned card keeps the efficiency and every caveat the panel shows.
  const caveats = await estimates.getByTestId('estimate-caveats').locator('li').allTextContents()
  expect(caveats.length).toBeGreaterThan(0)
  await estimates.getByRole('button', { name: 'Pin to board' }).click()
  const card = page.getByTestId('calc-card')
  await expect(card).toHaveCount(1)
  await expect(card).toContainText('70% of peak')
  for (const caveat of caveats) await expect(card).toContainText(caveat)
  await expect(card).toContainText(`Fleet: Decode at 70% HBM`)
  await page.evaluate(() => {
    const editor = window.__rooflineEditor
    const pinned = editor?.getCurrentPageShapes().find((s) => s.type === 'calc-card')
    const bounds = pinned && editor?.getShapePageBounds(pinned.id)
    if (bounds) editor?.zoomToBounds(bounds, { inset: 40, targetZoom: 1 })
  })
  await page.screenshot({ path: path.join(artifacts, 'estimates-card-1440.png') })

  // A 100K-GPU cluster on its own: an estimate on an assumed layout, labelled, not a blank.
  await page.evaluate((id) => {
    window.__rooflineEditor?.updateShape({ id, type: 'gpu-cluster', props: { nodes: 12_500 } })
  }, cluster.id)
  await page.evaluate((id) => {
    window.__rooflineEditor?.select(id)
  }, cluster.id)
  await expect(page.getByTestId('estimate-gpus')).toContainText('100,000')
  const replicas = 100_000 / cluster.scaleUpDomain
  await expect(estimates.getByTestId('estimate-fleet')).toContainText(
    `Fleet: ${replicas.toLocaleString('en-US')} replicas, 100,000 GPUs (assumed)`,
  )
  await expect(estimates.getByTestId('estimate-caveats')).toContainText('Assumed (no selected model server')
  const big = decodeOnReplica({
    modelId: server.modelId,
    gpuId: cluster.gpuId,
    tensorParallel: cluster.scaleUpDomain,
    bytesPerParam: 2,
    batch: 1,
    contextTokens,
  })
  await expectFigure(estimates.getByTestId('estimate-fleet-decode'), replicas * big.tokensPerSecond)
  await expect(estimates.getByTestId('estimate-unavailable')).toHaveCount(0)
  await page.screenshot({ path: path.join(artifacts, 'estimates-100k-1440.png') })

  // DeepSeek-V3 on the server, TP8 × PP2 in FP8: at batch 1 a step reads ~37 GB, not 671 GB.
  await page.evaluate((id) => {
    window.__rooflineEditor?.select(id)
  }, server.id)
  // The server alone has no GPUs to size a replica on: the panel says so, not a blank.
  await expect(estimates.getByTestId('estimate-unavailable')).toHaveText(
    `No GPUs selected: select the ${(server.replicas * server.tensorParallel).toLocaleString('en-US')} GPUs the model server runs on with it.`,
  )
  const inspector = page.getByTestId('inspector')
  await inspector.getByLabel('Model').selectOption('deepseek-v3')
  await inspector.getByLabel('Pipeline parallel').fill('2')
  await inspector.getByLabel('Replicas').fill('150')
  await selectAll(page)
  await estimates.getByLabel('Precision').selectOption('fp8')
  await expect(estimates.getByTestId('estimate-replica')).toContainText('One replica: TP 8 × PP 2, 16 × H100')
  const deepseek = modelById('deepseek-v3')
  if (!deepseek?.moe) throw new Error('no DeepSeek-V3 MoE preset')
  // The preset's split: routed-expert parameters, and the rest every token uses.
  const { experts, expertsPerToken, routedParams } = deepseek.moe
  const read = moeWeightBytesRead({
    denseBytes: deepseek.params - routedParams,
    expertBytes: routedParams,
    experts,
    expertsPerToken,
    batch: 1,
  }).bytes
  expect(read).toBeGreaterThan(36e9)
  expect(read).toBeLessThan(38e9)
  await expectFigure(estimates.getByTestId('estimate-replica-weights'), read)
  const moe = decodeOnReplica({
    modelId: 'deepseek-v3',
    gpuId: cluster.gpuId,
    tensorParallel: 8,
    pipelineParallel: 2,
    bytesPerParam: 1,
    batch: 1,
    contextTokens,
    weightBytesRead: read,
  })
  await expectFigure(estimates.getByTestId('estimate-replica-decode'), moe.tokensPerSecond)
  await expect(estimates.getByTestId('estimate-caveats')).toContainText('MoE: a batch of 1 touches')
  await estimates.getByTestId('estimate-fleet').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(artifacts, 'estimates-deepseek-1440.png') })

  expect(errors).toEqual([])
  await context.close()
})

test('the estimate at 1024x768: one replica and the fleet on the cost-reduction starter', async ({
  browser,
}) => {
  const { page, context, errors } = await costReductionBoard(browser, { width: 1024, height: 768 })
  await selectAll(page)
  const estimates = page.getByTestId('estimates')
  await expect(estimates.getByTestId('estimate-fleet-decode')).toBeVisible()
  await estimates.getByTestId('estimate-fleet-decode').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(artifacts, 'estimates-cost-reduction-1024.png') })
  // Nothing in the panel hides a caveat: the last one can be scrolled to.
  await estimates.getByTestId('estimate-caveats').locator('li').last().scrollIntoViewIfNeeded()
  await expect(estimates.getByTestId('estimate-caveats').locator('li').last()).toBeInViewport()
  await page.screenshot({ path: path.join(artifacts, 'estimates-cost-reduction-1024-caveats.png') })
  expect(errors).toEqual([])
  await context.close()
})
