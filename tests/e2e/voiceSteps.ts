import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Browser, chromium, expect, type Page } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts'
import { createSession } from '../support/sessionApi.ts'
import { writeToneWav } from '../support/toneWav.ts'

/** The interviewer's tone (A4) and the candidate's (A5), an octave apart. */
export const INTERVIEWER_HZ = 440
export const CANDIDATE_HZ = 880

/** A WAV of a continuous tone at `hz`, in a fresh temporary folder. */
export function toneFile(hz: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-tone-'))
  return writeToneWav(path.join(dir, `${hz}.wav`), [{ seconds: 10, hz }])
}

/** Flags for autoplay: a replay or a remote voice plays without a click in a test. */
const AUTOPLAY = '--autoplay-policy=no-user-gesture-required'

/**
 * A browser process of its own for one person, whose fake microphone plays `wav` (granted
 * without a prompt); or, with `deny`, one whose every permission prompt is refused.
 */
export function launchWithMicrophone(options: { wav?: string; deny?: boolean }): Promise<Browser> {
  const media = options.deny
    ? ['--use-fake-device-for-media-stream', '--deny-permission-prompts']
    : [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        ...(options.wav ? [`--use-file-for-fake-audio-capture=${options.wav}`] : []),
      ]
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, AUTOPLAY, ...media] })
}

/** A new scratch board's page address on `baseURL`. */
export async function newBoard(baseURL: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/boards`, { method: 'POST' })
  expect(response.status).toBe(201)
  return `${baseURL}${((await response.json()) as { url: string }).url}`
}

/** On a board the top bar's last item is the connection badge: it must stay whole. */
export const BOARD_BADGE = '[data-testid="connection-state"]'

/** Opens `link` in `browser` (a fresh context) and waits for the session or board page (without waiting for tldraw's bundle more than needed). */
export async function openVoicePage(
  browser: Browser,
  link: string,
  viewport = { width: 1440, height: 900 },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage()
  await page.goto(link)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  })
  return page
}

/** Joins voice and waits until the microphone is live. */
export async function joinVoice(page: Page): Promise<void> {
  await page.getByTestId('voice-join').click()
  await expect(page.getByTestId('voice-mute')).toBeVisible()
}

/** The loudest frequency (Hz) and the level (dBFS) of what an analyser hears, over ~0.6 s. */
export interface Heard {
  hz: number
  db: number
}

/**
 * What the page hears of `seat` right now (on a scratch board, where nobody has a seat: of the
 * person named `seat`): an AnalyserNode on the remote voice stream (live) or on the replay's
 * output for that speaker; its peak frequency and RMS level.
 */
export function hear(page: Page, seat: string, from: 'live' | 'replay'): Promise<Heard> {
  return page.evaluate(
    async ({ seat, from }) => {
      let analyser: AnalyserNode | null = null
      let close = async () => {}
      if (from === 'replay') analyser = window.__rooflineReplayVoices?.analyser(seat) ?? null
      else {
        const stream = window.__rooflineVoice?.remoteStreams().get(seat)
        if (stream) {
          const context = new AudioContext()
          analyser = context.createAnalyser()
          context.createMediaStreamSource(stream).connect(analyser)
          close = () => context.close()
        }
      }
      if (!analyser) return { hz: 0, db: -200 }
      analyser.fftSize = 8192
      await new Promise((resolve) => setTimeout(resolve, 600))
      const frequencies = new Float32Array(analyser.frequencyBinCount)
      analyser.getFloatFrequencyData(frequencies)
      const wave = new Float32Array(analyser.fftSize)
      analyser.getFloatTimeDomainData(wave)
      const rate = analyser.context.sampleRate
      await close()
      let peak = 1
      for (let i = 1; i < frequencies.length; i++)
        if ((frequencies[i] as number) > (frequencies[peak] as number)) peak = i
      const rms = Math.sqrt(wave.reduce((sum, v) => sum + v * v, 0) / wave.length)
      return { hz: (peak * rate) / analyser.fftSize, db: 20 * Math.log10(rms + 1e-9) }
    },
    { seat, from },
  )
}

/** Asserts that `heard` is the tone `hz` (±30 Hz), clearly audible. */
export function expectTone(heard: Heard, hz: number): void {
  expect(heard.db, `level of the ${hz} Hz tone`).toBeGreaterThan(-40)
  expect(Math.abs(heard.hz - hz), `peak at ${heard.hz} Hz, wanted ${hz} Hz`).toBeLessThanOrEqual(30)
}

/** Asserts that `heard` is silence. */
export function expectSilence(heard: Heard): void {
  expect(heard.db, 'level of a silent track').toBeLessThan(-55)
}

/** Where the voice screenshots go: `ROOFLINE_SHOTS_DIR`, else the e2e artifacts. */
const shotsDir =
  process.env.ROOFLINE_SHOTS_DIR ??
  path.join(path.dirname(new URL(import.meta.url).pathname), 'artifacts/voice')

/**
 * Screenshots `page` at 1440×900 and 1024×768 as `<name>-<width>.png`, checking at each size
 * that the top bar keeps one line and the page never scrolls sideways (voice fits the bar).
 */
export async function shootBothSizes(page: Page, name: string): Promise<void> {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(viewport)
    await page.waitForTimeout(300)
    await shootAsItIs(page, name)
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

/**
 * Screenshots `page` at its own size as `<name>-<width>.png`, with the checks of
 * {@link shootBothSizes}; `keepWhole` is the top bar item that must not be clipped (the
 * session timer's status; on a scratch board, the connection badge).
 */
export async function shootAsItIs(page: Page, name: string, keepWhole = '.timer-status'): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 0, height: 0 }
  const topbar = await page.locator('header.topbar').boundingBox()
  expect(topbar?.height ?? 0, `top bar height at ${viewport.width}`).toBeLessThanOrEqual(56)
  const overflow = await page.evaluate(
    () => (document.scrollingElement?.scrollWidth ?? 0) - (document.scrollingElement?.clientWidth ?? 0),
  )
  expect(overflow, `sideways scroll at ${viewport.width}`).toBeLessThanOrEqual(0)
  // The timer's status ("NOT STARTED") or the board's badge stays whole beside the voice controls.
  const status = page.locator(keepWhole)
  const clipped = await status.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const parent = element.parentElement?.getBoundingClientRect()
    return (
      element.scrollWidth > element.clientWidth + 1 || (parent !== undefined && box.right > parent.right + 1)
    )
  })
  expect(clipped, `"${await status.textContent()}" clipped at ${viewport.width}`).toBe(false)
  await page.screenshot({ path: path.join(shotsDir, `${name}-${viewport.width}.png`) })
}

/**
 * Ana (interviewer, 440 Hz) and Ben (candidate, 880 Hz), each in a browser process of their
 * own (added to `browsers` for closing), in voice in a new session on `baseURL`; `query` goes
 * into both page addresses (`?ice=relay`); `mode: 'peer'` makes them peers.
 */
export async function twoInVoice(
  baseURL: string,
  browsers: Browser[],
  query = '',
  mode: 'interview' | 'peer' = 'interview',
) {
  const session = await createSession(baseURL, { mode, names: { interviewer: 'Ana', candidate: 'Ben' } })
  const anaBrowser = await launchWithMicrophone({ wav: toneFile(INTERVIEWER_HZ) })
  const benBrowser = await launchWithMicrophone({ wav: toneFile(CANDIDATE_HZ) })
  browsers.push(anaBrowser, benBrowser)
  const withQuery = (link: string) => link.replace('#', `${query}#`)
  const ana = await openVoicePage(anaBrowser, withQuery(session.links.interviewer))
  const ben = await openVoicePage(benBrowser, withQuery(session.links.candidate))
  await joinVoice(ana)
  await joinVoice(ben)
  return { session, ana, ben }
}
