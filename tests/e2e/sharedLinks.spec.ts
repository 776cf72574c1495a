import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, expect, type Page, test } from './fixtures.ts'

/**
 * Every link Roofline hands out, opened the way its recipient opens it: typed or pasted into a
 * fresh browser (no storage, no page of the app visited before), at two common screen sizes.
 * A page that draws kit shapes must bring their stylesheet itself, whatever chunk loaded first.
 */

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'shared-links')
mkdirSync(artifacts, { recursive: true })

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const

const KIT_TYPES = ['gpu-node', 'gpu-cluster', 'model-server', 'system-component', 'boundary']

/** Parts beyond the template's starter diagram: the pools and region are boundaries. */
const EXTRA_PARTS = [
  {
    type: 'boundary',
    x: -40,
    y: 520,
    props: { kind: 'prefill-pool', label: 'Prefill pool', w: 420, h: 220 },
  },
  { type: 'boundary', x: 420, y: 520, props: { kind: 'decode-pool', label: 'Decode pool', w: 420, h: 220 } },
  { type: 'system-component', x: 900, y: 560, props: { kind: 'kv-cache-tier', label: 'KV cache' } },
]

interface SharedLinks {
  interviewer: string
  candidate: string
  observer: string
  replay: string
  replayWithNotes: string
  board: string
  library: string
}

test.describe.configure({ timeout: 300_000 })

let links: SharedLinks
let kitShapeCount = 0

/** Kit shapes in the page's editor (culled or not). */
const kitShapesInStore = (page: Page) =>
  page.evaluate(
    (types) =>
      (window.__rooflineEditor?.getCurrentPageShapes() ?? []).filter((s) => types.includes(s.type)).length,
    KIT_TYPES,
  )

/** Opens `link` in a new context and waits for its editor; the caller closes the context. */
async function openBoard(browser: Browser, link: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(link)
  await page.waitForFunction(() => Boolean(window.__rooflineEditor), undefined, { timeout: 60_000 })
  return page
}

test.beforeAll(async ({ browser, request }) => {
  test.setTimeout(240_000)
  const created = await request.post('/api/sessions', {
    data: { templateId: 'llm-70b-cost-reduction', names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const session = (await created.json()) as { id: string; links: Record<string, string> }
  const interviewerToken = new URL(session.links.interviewer ?? '').hash.replace('#token=', '')

  // Ana opens her link once: the starter diagram is seeded, and she adds the pools.
  const ana = await openBoard(browser, session.links.interviewer ?? '')
  await expect.poll(() => kitShapesInStore(ana), { timeout: 30_000 }).toBeGreaterThan(0)
  await ana.evaluate((parts) => {
    window.__rooflineEditor?.createShapes(parts)
  }, EXTRA_PARTS)
  kitShapeCount = await kitShapesInStore(ana)
  expect(kitShapeCount).toBeGreaterThanOrEqual(7)
  await expect(ana.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')

  // A scratch board with the same parts (drawn through its own editor).
  const boardResponse = await request.post('/api/boards')
  expect(boardResponse.status()).toBe(201)
  const board = new URL(
    ((await boardResponse.json()) as { url: string }).url,
    session.links.interviewer,
  ).toString()
  const shapes = await ana.evaluate(
    (types) =>
      (window.__rooflineEditor?.getCurrentPageShapes() ?? [])
        .filter((s) => types.includes(s.type))
        .map(({ type, x, y, props }) => ({ type, x, y, props })),
    KIT_TYPES,
  )
  const scratch = await openBoard(browser, board)
  await expect(scratch.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
  await scratch.evaluate((parts) => {
    window.__rooflineEditor?.createShapes(parts)
  }, shapes)
  expect(await kitShapesInStore(scratch)).toBe(kitShapeCount)
  // The server stores an update before it relays it: a second browser seeing them means stored.
  const check = await openBoard(browser, board)
  await expect.poll(() => kitShapesInStore(check), { timeout: 30_000 }).toBe(kitShapeCount)
  await expect.poll(() => kitShapesInStore(ana), { timeout: 30_000 }).toBe(kitShapeCount)
  for (const page of [ana, scratch, check]) await page.context().close()

  const replayLink = async (includePrivate: boolean) => {
    const response = await request.post(`/api/sessions/${session.id}/replay-links`, {
      headers: { authorization: `Bearer ${interviewerToken}` },
      data: { includePrivate },
    })
    expect(response.status()).toBe(201)
    return ((await response.json()) as { link: string }).link
  }
  links = {
    interviewer: session.links.interviewer ?? '',
    candidate: session.links.candidate ?? '',
    observer: session.links.observer ?? '',
    replay: await replayLink(false),
    replayWithNotes: await replayLink(true),
    board,
    library: new URL('/library', board).toString(),
  }
})

/** Each kit shape's frame element and the border and background it computes to. */
const kitFrames = (page: Page) =>
  page.locator('[data-kit-type]').evaluateAll((elements) =>
    elements.map((element) => {
      const style = getComputedStyle(element)
      return {
        type: element.getAttribute('data-kit-type'),
        border: `${style.borderTopStyle} ${style.borderTopWidth}`,
        radius: style.borderTopLeftRadius,
        background: style.backgroundColor,
      }
    }),
  )

/** Every kit shape on the board has its framed box, not loose icons and text. */
async function expectFramedKitShapes(page: Page) {
  await expect.poll(() => kitShapesInStore(page), { timeout: 30_000 }).toBe(kitShapeCount)
  await expect(page.locator('[data-kit-type]')).toHaveCount(kitShapeCount)
  for (const frame of await kitFrames(page)) {
    expect(frame.border, `${frame.type} has a border`).toMatch(/^(solid|dashed) [1-9]/)
    expect(frame.radius, `${frame.type} has rounded corners`).not.toBe('0px')
    if (frame.type !== 'boundary') {
      expect(frame.background, `${frame.type} has a filled box`).not.toBe('rgba(0, 0, 0, 0)')
    }
  }
}

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`

  test.describe(`shared links at ${size}`, () => {
    /** Opens a link in a fresh context at this size and waits for the page to settle. */
    async function openFresh(browser: Browser, link: string): Promise<Page> {
      const page = await (await browser.newContext({ viewport })).newPage()
      await page.goto(link)
      return page
    }

    for (const seat of ['interviewer', 'candidate', 'observer'] as const) {
      test(`the ${seat} link draws every kit shape framed`, async ({ browser }) => {
        const page = await (await browser.newContext({ viewport })).newPage()
        const fonts: string[] = []
        page.on('response', (response) => {
          if (response.request().resourceType() === 'font') fonts.push(new URL(response.url()).pathname)
        })
        await page.goto(links[seat])
        await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
          timeout: 60_000,
        })
        await expect(page.getByTestId('role')).toBeVisible()
        await expectFramedKitShapes(page)
        // Fonts come as the board uses them: the kit's sans, never the unused hand-drawn face.
        await expect.poll(() => fonts.some((font) => font.includes('IBMPlexSans'))).toBe(true)
        expect(fonts.filter((font) => font.includes('Shantell'))).toEqual([])
        expect(await page.evaluate(() => document.fonts.check('600 14px tldraw_sans'))).toBe(true)
        await page.screenshot({ path: path.join(artifacts, `${seat}-${size}.png`) })
        await page.context().close()
      })
    }

    for (const kind of ['replay', 'replayWithNotes'] as const) {
      test(`the ${kind === 'replay' ? 'replay' : 'replay-with-notes'} link draws every kit shape framed`, async ({
        browser,
      }) => {
        const page = await openFresh(browser, links[kind])
        await expect(page.getByTestId('replay')).toBeVisible({ timeout: 60_000 })
        await page.waitForFunction(() => Boolean(window.__rooflineEditor), undefined, { timeout: 60_000 })
        // The replay opens at the start; its end holds the whole diagram.
        await page.getByRole('slider', { name: 'Replay position' }).press('End')
        await expectFramedKitShapes(page)
        await page.screenshot({ path: path.join(artifacts, `${kind}-${size}.png`) })
        await page.context().close()
      })
    }

    test('the scratch board link draws every kit shape framed', async ({ browser }) => {
      const page = await openFresh(browser, links.board)
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
        timeout: 60_000,
      })
      await expectFramedKitShapes(page)
      await page.screenshot({ path: path.join(artifacts, `board-${size}.png`) })
      await page.context().close()
    })

    test('the library link opens on its own', async ({ browser }) => {
      const page = await openFresh(browser, links.library)
      await expect(page.getByRole('heading', { name: 'Past sessions' })).toBeVisible({ timeout: 60_000 })
      await expect(page.getByRole('heading', { name: 'Import a session archive' })).toBeVisible()
      await page.screenshot({ path: path.join(artifacts, `library-${size}.png`) })
      await page.context().close()
    })
  })
}

test('a font face is fetched once a shape on the board uses it', async ({ browser, request }) => {
  const created = await request.post('/api/boards')
  const board = new URL(((await created.json()) as { url: string }).url, links.board).toString()
  const page = await (await browser.newContext()).newPage()
  const fonts: string[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'font') fonts.push(response.url())
  })
  await page.goto(board)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 60_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  expect(fonts).toEqual([])
  // Hand-drawn text brings Shantell Sans, which the empty board never fetched.
  const drawFont = page.waitForResponse((response) => response.url().includes('Shantell'), {
    timeout: 30_000,
  })
  await page.evaluate(() => {
    window.__rooflineEditor?.createShape({
      type: 'text',
      x: 200,
      y: 200,
      props: {
        font: 'draw',
        richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }] },
      },
    })
  })
  expect((await drawFont).status()).toBe(200)
  await expect.poll(() => page.evaluate(() => document.fonts.check('16px tldraw_draw'))).toBe(true)
  expect(fonts.filter((font) => !font.includes('Shantell'))).toEqual([])
  await page.context().close()
})
