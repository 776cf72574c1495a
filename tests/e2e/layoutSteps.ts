import { type Browser, expect, type Page } from './fixtures.ts'

// Steps of the session-layout specs (sessionLayout.spec.ts, boardPlacement.spec.ts): a session
// joined at a window size (a tablet when touch), and what covers what on the board.

interface Links {
  interviewer: string
  candidate: string
}

type Viewport = { width: number; height: number }

async function newSession(page: Page): Promise<Links> {
  const response = await page.request.post('/api/sessions', {
    data: { names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(response.status()).toBe(201)
  return ((await response.json()) as { links: Links }).links
}

/** Opens a session link in a browser of its own (a tablet when `touch`), once the board is up. */
async function open(browser: Browser, link: string, viewport: Viewport, touch = false): Promise<Page> {
  const page = await (await browser.newContext({ viewport, hasTouch: touch, isMobile: false })).newPage()
  await page.goto(link)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

/** Ana's and Ben's pages of a new session at `viewport`. */
export async function join(browser: Browser, viewport: Viewport, touch = false): Promise<[Page, Page]> {
  const home = await (await browser.newContext()).newPage()
  const links = await newSession(home)
  return [
    await open(browser, links.interviewer, viewport, touch),
    await open(browser, links.candidate, viewport, touch),
  ]
}

/** What lies over the board and stays (the client's list, less the selection's panels). */
const PANELS = [
  '.tlui-menu-zone',
  '.tlui-style-panel',
  '.tlui-main-toolbar__inner',
  '.tlui-navigation-panel',
  '.kit-palette',
  '.kit-palette-toggle',
  '.side-panel[data-drawer="true"]',
].join(', ')

/** The panels that show the selection (inspector, estimates): they come and go with it. */
const SELECTION_PANELS = '.kit-side > *'

/** Which shapes `shapesUnderPanels` checks. */
export type Checked =
  /** Every shape, against the panels that stay (palette, menus, toolbar, style panel, drawer). */
  | 'all'
  /** The selected shape (a part or result just placed), against every panel, its own too. */
  | 'selected'
  /** The revealed cards (what the interviewer places: the rest was placed in another view). */
  | 'revealed'

/**
 * Each checked shape whose page bounds meet a panel's, the panels' DOM rectangles converted to
 * page space (clipped to the canvas and to a scrolling parent): as `shape type / panel class`,
 * empty when nothing is covered.
 */
export function shapesUnderPanels(page: Page, checked: Checked = 'all'): Promise<string[]> {
  const selector = checked === 'all' ? PANELS : `${PANELS}, ${SELECTION_PANELS}`
  return page.evaluate(
    ([selector, checked]) => {
      const editor = window.__rooflineEditor
      if (!editor) return ['no editor']
      const canvas = editor.getViewportScreenBounds()
      const panels = [...document.querySelectorAll(selector)].flatMap((element) => {
        const r = element.getBoundingClientRect()
        // A panel inside a scrolling column (the estimates under the inspector) shows only there.
        const parent = element.parentElement
        const clip =
          parent && getComputedStyle(parent).overflowY !== 'visible' ? parent.getBoundingClientRect() : r
        const x0 = Math.max(r.left, clip.left, canvas.x)
        const y0 = Math.max(r.top, clip.top, canvas.y)
        const x1 = Math.min(r.right, clip.right, canvas.x + canvas.w)
        const y1 = Math.min(r.bottom, clip.bottom, canvas.y + canvas.h)
        if (r.width === 0 || r.height === 0 || x1 <= x0 || y1 <= y0) return []
        const a = editor.screenToPage({ x: x0, y: y0 })
        const b = editor.screenToPage({ x: x1, y: y1 })
        return [{ name: String(element.className).split(' ')[0], x0: a.x, y0: a.y, x1: b.x, y1: b.y }]
      })
      const selected = new Set(editor.getSelectedShapeIds())
      const shapes = editor
        .getCurrentPageShapes()
        .filter((shape) =>
          checked === 'selected'
            ? selected.has(shape.id)
            : checked === 'revealed'
              ? shape.meta.revealedCard === true
              : true,
        )
      return shapes.flatMap((shape) => {
        const s = editor.getShapePageBounds(shape.id)
        if (!s) return []
        return panels
          .filter((p) => s.x < p.x1 && p.x0 < s.x + s.w && s.y < p.y1 && p.y0 < s.y + s.h)
          .map((p) => `${shape.type} / ${p.name}`)
      })
    },
    [selector, checked] as const,
  )
}

/** How many pairs of shapes on the page overlap. */
export const overlappingShapes = (page: Page) =>
  page.evaluate(() => {
    const editor = window.__rooflineEditor
    const boxes = (editor?.getCurrentPageShapes() ?? []).map((s) => editor?.getShapePageBounds(s.id))
    let count = 0
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) {
        if (a && b && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) count++
      }
    })
    return count
  })

export const shapeCount = (page: Page) =>
  page.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length ?? -1)

/** Taps on a touch screen, clicks elsewhere. */
export async function press(page: Page, target: ReturnType<Page['locator']>) {
  if (await page.evaluate(() => navigator.maxTouchPoints > 0)) await target.tap()
  else await target.click()
}

export async function openPalette(page: Page) {
  const toggle = page.getByRole('button', { name: 'Parts', exact: true })
  if (await toggle.isVisible()) await press(page, toggle)
  await expect(page.getByTestId('parts-palette')).toBeVisible()
}

/** The session's side panel. */
export const panel = (page: Page) => page.locator('#session-panel')
