import { type Browser, expect, type Page, test } from './fixtures.ts'

// The timer in the session's top bar on a narrow window, with the longest default names
// ("Interviewer", "Candidate": a session created without names). The phase title gives way;
// the status ("Not started") and the chime button stay whole inside the timer's box.

test.describe.configure({ timeout: 120_000 })

async function openLink(browser: Browser, link: string, width: number, height: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage()
  await page.goto(link)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  return page
}

/** Right edges (px) of the timer's box, its phase line, the status and the chime button. */
const edges = (page: Page) =>
  page.evaluate(() => {
    const right = (selector: string) => {
      const element = document.querySelector(selector)
      return element ? element.getBoundingClientRect().right : Number.NaN
    }
    const status = document.querySelector<HTMLElement>('.timer-status')
    return {
      timer: right('.timer'),
      phase: right('.timer-phase'),
      status: right('.timer-status'),
      sound: right('.timer-sound'),
      statusClipped: status ? status.scrollWidth > status.clientWidth : true,
    }
  })

for (const [width, height] of [
  [1024, 768],
  [1440, 900],
] as const) {
  test(`the timer's status and chime stay whole at ${width}×${height} with the default names`, async ({
    browser,
  }) => {
    const home = await (await browser.newContext()).newPage()
    const response = await home.request.post('/api/sessions', {
      data: { templateId: 'chat-inference-millions-concurrent' },
    })
    expect(response.status()).toBe(201)
    const { links } = (await response.json()) as { links: { interviewer: string; candidate: string } }
    for (const link of [links.interviewer, links.candidate]) {
      const page = await openLink(browser, link, width, height)
      await expect(page.locator('.timer-status')).toHaveText('Not started')
      const at = await edges(page)
      expect(at.statusClipped).toBe(false)
      // The phase line does not cut its own status off, and nothing leaves the timer's box.
      expect(at.status).toBeLessThanOrEqual(at.phase + 0.5)
      expect(at.phase).toBeLessThanOrEqual(at.timer)
      expect(at.sound).toBeLessThanOrEqual(at.timer)
    }
  })
}
