import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import {
  BOARD_BADGE,
  CANDIDATE_HZ,
  expectTone,
  hear,
  INTERVIEWER_HZ,
  joinVoice,
  launchWithMicrophone,
  newBoard,
  openVoicePage,
  shootAsItIs,
  toneFile,
} from './voiceSteps.ts'

test.setTimeout(180_000)

/** Types `name` into the board's name field. */
async function callMe(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name)
}

// Each size in fresh browser contexts (the same steps twice), so the screenshots show the page
// as someone opening it at that size sees it.
for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test(`two people on a scratch board hear each other, mute, and see who speaks (${viewport.width})`, async ({
    baseURL,
  }) => {
    const board = await newBoard(baseURL as string)
    const ana = await openVoicePage(
      await launchWithMicrophone({ wav: toneFile(INTERVIEWER_HZ) }),
      board,
      viewport,
    )
    const ben = await openVoicePage(
      await launchWithMicrophone({ wav: toneFile(CANDIDATE_HZ) }),
      board,
      viewport,
    )
    await callMe(ana, 'Ana')
    await callMe(ben, 'Ben')
    // Nothing is asked before Join voice; then each hears the other's tone through the mesh.
    await expect(ana.getByTestId('voice-mute')).toHaveCount(0)
    await joinVoice(ana)
    await joinVoice(ben)
    await expect
      .poll(async () => (await hear(ana, 'Ben', 'live')).hz, { timeout: 30_000 })
      .toBeCloseTo(CANDIDATE_HZ, -2)
    expectTone(await hear(ana, 'Ben', 'live'), CANDIDATE_HZ)
    await expect
      .poll(async () => (await hear(ben, 'Ana', 'live')).hz, { timeout: 30_000 })
      .toBeCloseTo(INTERVIEWER_HZ, -2)
    expectTone(await hear(ben, 'Ana', 'live'), INTERVIEWER_HZ)

    // The ring on Ben's name in Ana's top bar, and on his cursor on her board.
    const bensName = ana.getByTestId('voice-person').filter({ hasText: 'Ben' })
    await expect(bensName).toHaveAttribute('data-speaking', 'true', { timeout: 15_000 })
    await ben.mouse.move(380, 300)
    await ben.mouse.move(400, 320, { steps: 5 })
    const bensCursor = ana.locator('.tl-collaborators__item', { hasText: 'Ben' })
    await expect(bensCursor).toHaveClass(/\bis-speaking\b/, { timeout: 30_000 })
    // The menu says the board is not recorded, and has no recording control.
    await ana.getByTestId('voice-menu').click()
    await expect(ana.getByTestId('voice-not-recorded')).toContainText('never recorded')
    await expect(ana.getByTestId('voice-record-toggle')).toHaveCount(0)
    await expect(ana.getByTestId('voice-roster-peer')).toHaveCount(2)
    await shootAsItIs(ana, 'board-voice-joined', BOARD_BADGE)
    await ana.keyboard.press('Escape')

    // Ben mutes with Alt+M: Ana hears silence, and his ring goes from his name and cursor.
    await ben.keyboard.press('Alt+m')
    await expect(ben.getByTestId('voice-mute')).toHaveAttribute('aria-pressed', 'true')
    await expect.poll(async () => (await hear(ana, 'Ben', 'live')).db, { timeout: 10_000 }).toBeLessThan(-55)
    await expect(bensName).toHaveAttribute('data-speaking', 'false')
    await expect(bensCursor).not.toHaveClass(/\bis-speaking\b/, { timeout: 15_000 })
    await shootAsItIs(ben, 'board-voice-muted', BOARD_BADGE)

    // A reload rejoins voice by itself (the tab remembers it joined), and the tone comes back.
    await ben.keyboard.press('Alt+m')
    await ben.reload()
    await expect(ben.getByTestId('voice-mute')).toBeVisible({ timeout: 30_000 })
    await expect
      .poll(async () => (await hear(ana, 'Ben', 'live')).hz, { timeout: 30_000 })
      .toBeCloseTo(CANDIDATE_HZ, -2)
    expectTone(await hear(ana, 'Ben', 'live'), CANDIDATE_HZ)
  })

  test(`a blocked microphone on a scratch board says so; the person still listens (${viewport.width})`, async ({
    baseURL,
  }) => {
    const board = await newBoard(baseURL as string)
    const cleo = await openVoicePage(await launchWithMicrophone({ deny: true }), board, viewport)
    await cleo.getByTestId('voice-join').click()
    await expect(cleo.getByTestId('voice-problem')).toContainText('Microphone blocked')
    await expect(cleo.getByTestId('voice-listening')).toHaveAttribute('data-problem', 'denied')
    await expect(cleo.getByTestId('voice-mute')).toHaveCount(0)
    await expect(cleo.getByTestId('voice-people')).toBeVisible()
    await shootAsItIs(cleo, 'board-voice-denied', BOARD_BADGE)
  })
}
