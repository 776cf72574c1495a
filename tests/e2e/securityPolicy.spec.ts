import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BrowserContext, expect, type Page, test } from './fixtures.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

declare global {
  interface Window {
    /** Every Content Security Policy violation the page reported: directive, blocked URI, where. */
    __cspViolations?: string[]
  }
}

/** A fresh browser context that records every CSP violation its pages report. */
async function watchedContext(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(
        `${event.effectiveDirective} ${event.blockedURI} (${event.sourceFile}:${event.lineNumber}:${event.columnNumber})`,
      )
    })
  })
  return context
}

/** The violations `page` reported, and any CSP complaint in its console. */
async function violations(page: Page, console: string[]): Promise<string[]> {
  const reported = await page.evaluate(() => window.__cspViolations ?? [])
  return [...reported, ...console.filter((line) => /Content Security Policy/i.test(line))]
}

/** Opens `url` in a new page of `context`, collecting console lines, and waits for `ready`. */
async function open(context: BrowserContext, url: string, ready: (page: Page) => Promise<void>) {
  const page = await context.newPage()
  const console: string[] = []
  page.on('console', (message) => console.push(message.text()))
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`))
  await page.goto(url)
  await ready(page)
  return { page, console }
}

const editorReady = async (page: Page) => {
  await page.waitForFunction(() => Boolean(window.__rooflineEditor), undefined, { timeout: 30_000 })
  // Fonts, icons and the kit's styles load after the editor: give them a moment to be refused.
  await page.waitForTimeout(1500)
}

test('the home, board, session, replay, report and library pages work under the CSP without one violation', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000)
  const context = await watchedContext(await browser.newContext())
  const created = await request.post('/api/sessions', {
    data: { names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const session = (await created.json()) as { id: string; links: { interviewer: string; candidate: string } }
  const token = new URL(session.links.interviewer).hash.replace('#token=', '')
  const replay = await request.post(`/api/sessions/${session.id}/replay-links`, {
    headers: { authorization: `Bearer ${token}` },
    data: { includePrivate: false },
  })
  const { link: replayLink } = (await replay.json()) as { link: string }
  const board = (await (await request.post('/api/boards')).json()) as { url: string }

  const pages: Array<[string, string, (page: Page) => Promise<void>]> = [
    ['home', '/', async (page) => expect(page.getByTestId('template-preview')).toBeVisible()],
    ['board', board.url, editorReady],
    [
      'session',
      session.links.interviewer,
      async (page) => {
        await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
          timeout: 30_000,
        })
        await editorReady(page)
      },
    ],
    ['candidate', session.links.candidate, editorReady],
    ['replay', replayLink, editorReady],
    [
      'report',
      replayLink.replace('/replay/', '/report/'),
      async (page) => expect(page.getByRole('heading', { level: 1 })).toContainText('interview report'),
    ],
    // A fresh browser has created no session: the library says so.
    ['library', '/library', async (page) => expect(page.getByTestId('library-empty')).toBeVisible()],
  ]
  for (const [name, url, ready] of pages) {
    const { page, console } = await open(context, url, ready)
    await page.screenshot({ path: path.join(artifacts, `csp-${name}.png`) })
    expect(await violations(page, console), `${name}: CSP violations`).toEqual([])
    await page.close()
  }
})

test('an embed shape to a page not on the allow-list is not framed, and the CSP refuses such a frame', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000)
  const context = await watchedContext(await browser.newContext())
  const board = (await (await request.post('/api/boards')).json()) as { url: string }
  const { page } = await open(context, board.url, editorReady)
  await page.evaluate(() => {
    const editor = window.__rooflineEditor as unknown as { createShape(shape: object): void }
    editor.createShape({
      type: 'embed',
      x: 200,
      y: 200,
      props: { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', w: 400, h: 300 },
    })
  })
  await expect(page.getByTestId('blocked-embed')).toBeVisible()
  await expect(page.getByTestId('blocked-embed')).toContainText('youtube.com')
  expect(await page.locator('iframe').count()).toBe(0)
  await page.screenshot({ path: path.join(artifacts, 'csp-blocked-embed.png') })
  expect(await page.evaluate(() => window.__cspViolations ?? [])).toEqual([])

  // Whatever might render a frame anyway, the browser refuses it: frame-src allows no origin.
  await page.evaluate(() => {
    const frame = document.createElement('iframe')
    frame.src = 'https://example.com/'
    document.body.append(frame)
  })
  await expect
    .poll(() => page.evaluate(() => window.__cspViolations ?? []))
    .toContainEqual(expect.stringMatching(/^frame-src https:\/\/example\.com/))
})
