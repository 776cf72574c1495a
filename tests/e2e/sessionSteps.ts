import { type Browser, expect, type Page } from './fixtures.ts'

/** The three links of a new mock interview. */
export interface SessionLinks {
  interviewer: string
  candidate: string
  observer: string
}

/** Ana creates a mock interview with Ben from the home page. */
export async function createSession(browser: Browser): Promise<SessionLinks> {
  return createFromHome(await (await browser.newContext()).newPage())
}

/** Ana creates a session from the home page and gets three links. */
export async function createFromHome(
  page: Page,
  mode: 'interview' | 'peer' = 'interview',
): Promise<SessionLinks> {
  await page.goto('/')
  await page
    .getByPlaceholder('Name')
    .first()
    .fill(mode === 'peer' ? 'Mia' : 'Ana')
  await page
    .getByPlaceholder('Name')
    .nth(1)
    .fill(mode === 'peer' ? '<img src=x onerror=alert(1)>Raj' : 'Ben')
  if (mode === 'peer') await page.getByLabel(/Peer practice/).check()
  await page.getByRole('button', { name: 'Create session' }).click()
  await expect(page.getByTestId('session-links')).toBeVisible()
  const read = (role: string) => page.getByTestId(`link-${role}`).inputValue()
  return {
    interviewer: await read('interviewer'),
    candidate: await read('candidate'),
    observer: await read('observer'),
  }
}

/** Opens a session link in a browser of its own, once connected and the board is up. */
export async function openSession(
  browser: Browser,
  link: string,
  viewport: { width: number; height: number },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage()
  await page.goto(link)
  // The first load parses a 3 MB bundle: on a busy machine that alone can take seconds.
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  await page.waitForFunction(() => Boolean(window.__rooflineEditor))
  return page
}

/** The interviewer ends the session and creates a replay link (without her notes); returns it. */
export async function endAndShareReplay(interviewer: Page): Promise<string> {
  interviewer.once('dialog', (dialog) => void dialog.accept())
  await interviewer.getByRole('button', { name: 'End session' }).click()
  await expect(interviewer.getByText('This session has ended')).toBeVisible()
  await interviewer.getByTestId('recorded-badge').click()
  await interviewer.getByRole('button', { name: 'Create replay link' }).click()
  return interviewer.getByTestId('replay-link').inputValue()
}

/**
 * Opens a tab of the session's side panel (Prompt and Calc for everyone; Answers, Score and
 * Notes for the interviewer): the panel shows one tab at a time.
 */
export async function showPanelTab(
  page: Page,
  name: 'Prompt' | 'Answers' | 'Calc' | 'Score' | 'Notes',
): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'Session panel' }).getByRole('tab', { name })
  await tab.click()
  await expect(tab).toHaveAttribute('aria-selected', 'true')
}

/** The interviewer reveals the first hidden card still to reveal, from the Answers tab. */
export async function revealFirstCard(interviewer: Page): Promise<void> {
  await showPanelTab(interviewer, 'Answers')
  await interviewer
    .getByRole('region', { name: 'Hidden material' })
    .getByRole('button', { name: 'Reveal' })
    .first()
    .click()
}
