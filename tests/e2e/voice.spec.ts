import { type Browser, expect, type Page, test } from '@playwright/test'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import {
  CANDIDATE_HZ,
  expectSilence,
  expectTone,
  hear,
  INTERVIEWER_HZ,
  joinVoice,
  launchWithMicrophone,
  openVoicePage,
  shootBothSizes,
  toneFile,
  twoInVoice,
} from './voiceSteps.ts'

// Two browser processes with fake microphones, a third for the replay: a long test.
test.setTimeout(180_000)

const browsers: Browser[] = []
test.afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close()
})

/** Waits until every recorded chunk of the page's microphone is acknowledged by the server. */
async function uploadsSettled(page: Page, atLeast: number): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => window.__rooflineVoice?.snapshot.upload ?? null), { timeout: 30_000 })
    .toMatchObject({ pending: 0, acknowledged: expect.any(Number), refused: null })
  const upload = await page.evaluate(() => window.__rooflineVoice?.snapshot.upload)
  expect(upload?.acknowledged).toBeGreaterThanOrEqual(atLeast)
}

test('Ana and Ben talk over the board; the replay plays each voice at the right moments, at any seek', async ({
  baseURL,
}) => {
  const { ana, ben } = await twoInVoice(baseURL as string, browsers)
  // Live: each hears the other's tone through the mesh.
  await expect
    .poll(async () => (await hear(ana, 'guest', 'live')).hz, { timeout: 30_000 })
    .toBeCloseTo(CANDIDATE_HZ, -2)
  expectTone(await hear(ana, 'guest', 'live'), CANDIDATE_HZ)
  expectTone(await hear(ben, 'host', 'live'), INTERVIEWER_HZ)
  // The speaking indicator on the other's name.
  await expect(ana.getByTestId('presence-candidate')).toHaveAttribute('data-speaking', 'true')
  await shootBothSizes(ana, 'voice-joined-speaking')

  // Mute: the other side's level drops.
  await ben.keyboard.press('Alt+m')
  await expect(ben.getByTestId('voice-mute')).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(async () => (await hear(ana, 'guest', 'live')).db, { timeout: 10_000 }).toBeLessThan(-55)
  await expect(ana.getByTestId('presence-candidate')).toHaveAttribute('data-speaking', 'false')
  await shootBothSizes(ben, 'voice-muted')

  // Ana records; Ben sees the notice before his microphone is recorded, and accepts.
  await ana.getByTestId('voice-menu').click()
  await ana.getByTestId('voice-record-toggle').click()
  await expect(ana.getByTestId('voice-record-toggle')).toBeChecked()
  await expect(ana.getByTestId('voice-recording')).toHaveAttribute('data-mine', 'true')
  await expect(ben.getByTestId('voice-consent')).toBeVisible()
  await expect(ben.getByTestId('voice-recording')).toHaveAttribute('data-mine', 'false')
  await shootBothSizes(ben, 'voice-consent')
  await shootBothSizes(ana, 'voice-recording-menu')
  await ben.getByTestId('voice-consent-accept').click()
  await expect(ben.getByTestId('voice-recording')).toHaveAttribute('data-mine', 'true')
  await shootBothSizes(ben, 'voice-recording')

  // Ana speaks alone for a while, then she mutes and Ben speaks alone.
  await ana.waitForTimeout(5000)
  await ana.getByTestId('voice-mute').click()
  await ben.getByTestId('voice-mute').click()
  await ben.waitForTimeout(6000)
  await uploadsSettled(ana, 3)
  await uploadsSettled(ben, 3)

  // Ana ends the session (the last chunks land) and makes a replay link with the voices.
  ana.once('dialog', (dialog) => void dialog.accept())
  await ana.getByRole('button', { name: 'End session' }).click()
  await expect(ana.getByText('This session has ended')).toBeVisible()
  await uploadsSettled(ana, 4)
  await uploadsSettled(ben, 4)
  await ana.getByTestId('recorded-badge').click()
  await ana.getByTestId('replay-link-voices').check()
  await ana.getByRole('button', { name: 'Create replay link' }).click()
  const replayLink = await ana.getByTestId('replay-link').inputValue()

  // Cleo opens the replay in a third browser.
  const cleoBrowser = await launchWithMicrophone({})
  browsers.push(cleoBrowser)
  const cleo = await (await cleoBrowser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  await cleo.goto(replayLink)
  await expect(cleo.getByTestId('speaker-lane-host')).toBeVisible()
  await expect(cleo.getByTestId('speaker-lane-guest')).toBeVisible()
  await cleo.waitForFunction(() => window.__rooflineReplayVoices?.loaded === true)

  // A moment when only Ben spoke: a click on his lane jumps to his speech.
  await cleo.getByTestId('speaker-lane-guest').click({ position: { x: 5, y: 7 } })
  await cleo.getByTestId('replay-play').click()
  expectTone(await hear(cleo, 'guest', 'replay'), CANDIDATE_HZ)
  await shootBothSizes(cleo, 'voice-replay-lanes')
  expectSilence(await hear(cleo, 'host', 'replay'))

  // A seek to Ana's speech: now only she is heard.
  await cleo.getByTestId('speaker-lane-host').click({ position: { x: 5, y: 7 } })
  expectTone(await hear(cleo, 'host', 'replay'), INTERVIEWER_HZ)
  expectSilence(await hear(cleo, 'guest', 'replay'))

  // And back to Ben's: the same holds after a seek, also at 2× (pitch kept).
  await cleo.getByTestId('replay-speed').selectOption('2')
  await cleo.getByTestId('speaker-lane-guest').click({ position: { x: 5, y: 7 } })
  expectTone(await hear(cleo, 'guest', 'replay'), CANDIDATE_HZ)
  expectSilence(await hear(cleo, 'host', 'replay'))

  // Faster than 2×: silent.
  await cleo.getByTestId('speaker-lane-host').click({ position: { x: 5, y: 7 } })
  await cleo.getByTestId('replay-speed').selectOption('4')
  await expect(cleo.getByTestId('voices-silent')).toBeVisible()
  expectSilence(await hear(cleo, 'host', 'replay'))
})

test('a replay link made without voices never receives audio bytes or speech activity', async ({
  baseURL,
}) => {
  const session = await createSession(baseURL as string, { names: { interviewer: 'Ana', candidate: 'Ben' } })
  const anaBrowser = await launchWithMicrophone({ wav: toneFile(INTERVIEWER_HZ) })
  browsers.push(anaBrowser)
  const ana = await openVoicePage(anaBrowser, session.links.interviewer)
  await joinVoice(ana)
  await ana.getByTestId('voice-menu').click()
  await ana.getByTestId('voice-record-toggle').click()
  await expect(ana.getByTestId('voice-record-toggle')).toBeChecked()
  await ana.waitForTimeout(4000)
  await uploadsSettled(ana, 1)
  ana.once('dialog', (dialog) => void dialog.accept())
  await ana.getByRole('button', { name: 'End session' }).click()
  await expect(ana.getByText('This session has ended')).toBeVisible()
  await ana.getByTestId('recorded-badge').click()
  await ana.getByRole('button', { name: 'Create replay link' }).click()
  const replayLink = await ana.getByTestId('replay-link').inputValue()

  const viewer = await (await anaBrowser.newContext()).newPage()
  const audio: string[] = []
  const levels: string[] = []
  viewer.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? ''
    const voicePath = /\/voice(\/|$)/.test(new URL(response.url()).pathname)
    if (response.ok() && (type.startsWith('audio/') || voicePath)) audio.push(response.url())
    const body = await response.text().catch(() => '')
    if (response.ok() && /"levels"/.test(body)) levels.push(response.url())
  })
  await viewer.goto(replayLink)
  await expect(viewer.getByTestId('replay')).toBeVisible()
  await expect(viewer.getByTestId('replay-play')).toBeVisible()
  await viewer.getByTestId('replay-play').click()
  await viewer.waitForTimeout(2000)
  await expect(viewer.getByTestId('speaker-lanes')).toHaveCount(0)
  expect(audio).toEqual([])
  expect(levels).toEqual([])
})

test('a dropped network and a reload: uploads resume where they stopped and voice rejoins by itself', async ({
  baseURL,
}) => {
  const { session, ana, ben } = await twoInVoice(baseURL as string, browsers)
  await ana.getByTestId('voice-menu').click()
  await ana.getByTestId('voice-record-toggle').click()
  await expect(ana.getByTestId('voice-record-toggle')).toBeChecked()
  await ben.getByTestId('voice-consent-accept').click()
  await expect(ben.getByTestId('voice-recording')).toHaveAttribute('data-mine', 'true')

  // Ben's network drops for 7 s while he is recorded: his chunks wait and go once it is back.
  await ben.waitForTimeout(2000)
  await ben.context().setOffline(true)
  await ben.waitForTimeout(7000)
  await expect
    .poll(() => ben.evaluate(() => window.__rooflineVoice?.snapshot.upload?.pending ?? 0))
    .toBeGreaterThan(0)
  await ben.context().setOffline(false)
  await uploadsSettled(ben, 3)
  // A reload loses the chunk being recorded (it was never acknowledged): let a fourth one land
  // first, so the first track's length does not hang on when the reload falls.
  await expect
    .poll(() => ben.evaluate(() => window.__rooflineVoice?.snapshot.upload?.acknowledged ?? 0), {
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(4)

  // He reloads: back in voice without a click, recorded again without being asked again.
  await ben.reload()
  await expect(ben.getByTestId('voice-mute')).toBeVisible({ timeout: 30_000 })
  await expect(ben.getByTestId('voice-consent')).toHaveCount(0)
  await expect(ben.getByTestId('voice-recording')).toHaveAttribute('data-mine', 'true')
  await expect
    .poll(async () => (await hear(ana, 'guest', 'live')).db, { timeout: 30_000 })
    .toBeGreaterThan(-40)
  expectTone(await hear(ana, 'guest', 'live'), CANDIDATE_HZ)
  await ben.waitForTimeout(4000)
  await uploadsSettled(ben, 1)

  // After the end, Ana's link reads Ben's two tracks: every chunk, numbered from 0 without a gap.
  ana.once('dialog', (dialog) => void dialog.accept())
  await ana.getByRole('button', { name: 'End session' }).click()
  await expect(ana.getByText('This session has ended')).toBeVisible()
  await ben.waitForTimeout(1000)
  await uploadsSettled(ben, 1)
  const response = await fetch(`${baseURL}/api/sessions/${session.id}/voice`, {
    headers: { authorization: `Bearer ${tokenOf(session.links.interviewer)}` },
  })
  const { tracks } = (await response.json()) as {
    tracks: Array<{ seat: string; chunks: Array<{ seq: number }> }>
  }
  const bens = tracks.filter((track) => track.seat === 'guest')
  expect(bens.length).toBe(2)
  for (const track of bens) {
    expect(track.chunks.map((chunk) => chunk.seq)).toEqual(track.chunks.map((_, i) => i))
  }
  expect(bens[0]?.chunks.length).toBeGreaterThanOrEqual(4)
})

test('peer practice: voices are recorded only once both peers asked for it', async ({ baseURL }) => {
  const { ana, ben } = await twoInVoice(baseURL as string, browsers, '', 'peer')
  await ana.getByTestId('voice-menu').click()
  await ana.getByTestId('voice-record-toggle').click()
  await expect(ana.getByTestId('voice-record-toggle')).toBeChecked()
  await expect(ana.getByText('waiting for Ben to agree')).toBeVisible()
  // One peer asking records nobody.
  await expect(ana.getByTestId('voice-recording')).toHaveCount(0)
  await expect(ben.getByTestId('voice-recording')).toHaveCount(0)
  await ben.getByTestId('voice-menu').click()
  await ben.getByTestId('voice-record-toggle').click()
  // Both asked: both are recorded at once, neither is asked again (each chose it).
  await expect(ana.getByTestId('voice-recording')).toHaveAttribute('data-mine', 'true')
  await expect(ben.getByTestId('voice-recording')).toHaveAttribute('data-mine', 'true')
  await expect(ben.getByTestId('voice-consent')).toHaveCount(0)
  // Either one withdrawing stops it for both.
  await ben.getByTestId('voice-record-toggle').click()
  await expect(ana.getByTestId('voice-recording')).toHaveCount(0)
  await expect(ben.getByTestId('voice-recording')).toHaveCount(0)
})

test('the speaking mark rides on the speaker’s cursor on the board, and leaves when they mute', async ({
  baseURL,
}) => {
  const { ana, ben } = await twoInVoice(baseURL as string, browsers)
  // Ben points at the board near its top left, where Ana sees it at 1440 and at 1024 wide.
  await ben.mouse.move(380, 300)
  await ben.mouse.move(400, 320, { steps: 5 })
  // The cursor's own box is empty (its arrow and name tag sit outside it): its name tag shows it.
  const bensCursor = ana.locator('.tl-collaborators__item', { hasText: 'Ben' })
  await expect(bensCursor.locator('.tl-nametag')).toBeVisible({ timeout: 30_000 })
  // While his tone plays, his cursor carries the ring, as his name in the presence list does.
  await expect(bensCursor).toHaveClass(/\bis-speaking\b/, { timeout: 30_000 })
  await expect(ana.getByTestId('presence-candidate')).toHaveAttribute('data-speaking', 'true')
  const ring = await bensCursor.evaluate((element) => {
    const style = getComputedStyle(element, '::before')
    return { content: style.content, border: style.borderTopColor, width: style.width }
  })
  expect(ring.content).not.toBe('none')
  expect(ring.border).toBe('rgb(47, 158, 68)')
  await shootBothSizes(ana, 'voice-speaking-cursor')

  // Ben mutes: the ring goes from his cursor (the cursor stays).
  await ben.getByTestId('voice-mute').click()
  await expect(ben.getByTestId('voice-mute')).toHaveAttribute('aria-pressed', 'true')
  await ben.mouse.move(420, 330, { steps: 3 })
  await expect(bensCursor).not.toHaveClass(/\bis-speaking\b/, { timeout: 15_000 })
  await expect(bensCursor.locator('.tl-nametag')).toBeVisible()
})

test('the interviewer lets the observer speak: the roster says so and the observer’s microphone is heard', async ({
  baseURL,
}) => {
  const OBSERVER_HZ = 660
  const { session, ana } = await twoInVoice(baseURL as string, browsers)
  const cleoBrowser = await launchWithMicrophone({ wav: toneFile(OBSERVER_HZ) })
  browsers.push(cleoBrowser)
  const cleo = await openVoicePage(cleoBrowser, session.links.observer)
  // An observer joins as a listener: no microphone until the interviewer allows it.
  await cleo.getByTestId('voice-join').click()
  await expect(cleo.getByTestId('voice-listening')).toBeVisible()
  await expect(cleo.getByTestId('voice-mute')).toHaveCount(0)
  await ana.getByTestId('voice-menu').click()
  await expect(ana.getByTestId('voice-roster-observer')).toHaveAttribute('data-may-speak', 'false')

  // A controlled box: it turns checked once the server's state says so.
  await ana.getByTestId('voice-allow-observer').click()
  await expect(ana.getByTestId('voice-allow-observer')).toBeChecked()
  await expect(ana.getByTestId('voice-roster-observer')).toHaveAttribute('data-may-speak', 'true')
  await cleo.getByTestId('voice-menu').click()
  await expect(cleo.getByTestId('voice-roster-observer')).toHaveAttribute('data-may-speak', 'true')

  // Cleo turns her microphone on: she can mute and unmute, and Ana hears her tone.
  await cleo.getByTestId('voice-start-speaking').click()
  await expect(cleo.getByTestId('voice-mute')).toBeVisible()
  await cleo.getByTestId('voice-mute').click()
  await expect(cleo.getByTestId('voice-mute')).toHaveAttribute('aria-pressed', 'true')
  await cleo.getByTestId('voice-mute').click()
  await expect(cleo.getByTestId('voice-mute')).toHaveAttribute('aria-pressed', 'false')
  await expect
    .poll(async () => (await hear(ana, 'observer', 'live')).hz, { timeout: 30_000 })
    .toBeCloseTo(OBSERVER_HZ, -2)
  expectTone(await hear(ana, 'observer', 'live'), OBSERVER_HZ)
})
