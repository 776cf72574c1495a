import { createSession } from '../support/sessionApi.ts'
import { expect, test } from './fixtures.ts'
import {
  BOARD_BADGE,
  INTERVIEWER_HZ,
  joinVoice,
  launchWithMicrophone,
  newBoard,
  openVoicePage,
  shootAsItIs,
  toneFile,
} from './voiceSteps.ts'

test.setTimeout(120_000)

// A person whose microphone is refused joins voice and listens; the OTHER person's roster must
// show that peer's mic struck out (issue 21). Each size in fresh browser contexts.
for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test(`the others see a peer without a microphone in a session (${viewport.width})`, async ({ baseURL }) => {
    const session = await createSession(baseURL as string, {
      names: { interviewer: 'Ana', candidate: 'Ben' },
    })
    const ana = await openVoicePage(
      await launchWithMicrophone({ wav: toneFile(INTERVIEWER_HZ) }),
      session.links.interviewer,
      viewport,
    )
    const ben = await openVoicePage(
      await launchWithMicrophone({ deny: true }),
      session.links.candidate,
      viewport,
    )
    await joinVoice(ana)
    await ben.getByTestId('voice-join').click()
    await expect(ben.getByTestId('voice-listening')).toHaveAttribute('data-problem', 'denied')

    // Ana's presence list: Ben in voice with his mic struck out; hers is live.
    const bensMic = ana.getByTestId('presence-candidate').locator('.presence-mic')
    await expect(bensMic).toHaveAttribute('data-no-mic', 'true', { timeout: 15_000 })
    await expect(bensMic.locator('path')).toHaveCount(2)
    await expect(ana.getByTestId('presence-interviewer').locator('.presence-mic')).toHaveAttribute(
      'data-no-mic',
      'false',
    )
    // And in her voice menu's roster.
    await ana.getByTestId('voice-menu').click()
    await expect(ana.getByTestId('voice-roster-guest')).toHaveAttribute('data-no-mic', 'true')
    await expect(ana.getByTestId('voice-roster-host')).toHaveAttribute('data-no-mic', 'false')
    await shootAsItIs(ana, 'voice-nomic-session')
  })

  test(`the others see a peer without a microphone on a scratch board (${viewport.width})`, async ({
    baseURL,
  }) => {
    const board = await newBoard(baseURL as string)
    const ana = await openVoicePage(
      await launchWithMicrophone({ wav: toneFile(INTERVIEWER_HZ) }),
      board,
      viewport,
    )
    const ben = await openVoicePage(await launchWithMicrophone({ deny: true }), board, viewport)
    await ana.getByLabel('Your name').fill('Ana')
    await ben.getByLabel('Your name').fill('Ben')
    await joinVoice(ana)
    await ben.getByTestId('voice-join').click()
    await expect(ben.getByTestId('voice-listening')).toHaveAttribute('data-problem', 'denied')

    // Ana's top bar: Ben's name with the mic struck out; hers is live.
    const bensName = ana.getByTestId('voice-person').filter({ hasText: 'Ben' })
    await expect(bensName).toHaveAttribute('data-no-mic', 'true', { timeout: 15_000 })
    await expect(bensName).toHaveAttribute('title', /no microphone/)
    await expect(ana.getByTestId('voice-person').filter({ hasText: 'Ana' })).toHaveAttribute(
      'data-no-mic',
      'false',
    )
    // And in her voice menu's roster.
    await ana.getByTestId('voice-menu').click()
    const roster = ana.getByTestId('voice-roster-peer')
    await expect(roster.filter({ hasText: 'Ben' })).toHaveAttribute('data-no-mic', 'true')
    await expect(roster.filter({ hasText: 'Ana' })).toHaveAttribute('data-no-mic', 'false')
    await shootAsItIs(ana, 'board-voice-nomic', BOARD_BADGE)
  })
}
