import { readFile } from 'node:fs/promises'
import { expect, test } from './fixtures.ts'
import { createSession, openSession } from './sessionSteps.ts'

/**
 * The session archive as a person moves it: the interviewer exports it from the ended session
 * (a zip the server packs for her link), and someone opens the library in a fresh browser and
 * imports that file: a new session whose replay opens and draws what was drawn.
 */
test('an exported zip archive imports as a new session whose replay opens', async ({ browser }) => {
  const links = await createSession(browser)
  const ana = await openSession(browser, links.interviewer, { width: 1440, height: 900 })
  await ana.evaluate(() => {
    window.__rooflineEditor?.createShape({ type: 'geo', x: 100, y: 100, props: { w: 160, h: 90 } })
  })
  ana.once('dialog', (dialog) => void dialog.accept())
  await ana.getByRole('button', { name: 'End session' }).click()
  await expect(ana.getByText('This session has ended')).toBeVisible()

  const download = ana.waitForEvent('download')
  await ana.getByRole('button', { name: 'Export archive (.zip)' }).click()
  const archive = await download
  expect(archive.suggestedFilename()).toMatch(/^roofline-.*\.roofline\.zip$/)
  const file = (await archive.path()) ?? ''
  const bytes = await readFile(file)
  // A real zip (local file header "PK\3\4"), not JSON with base64 inside.
  expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])

  const stranger = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage()
  await stranger.goto('/library')
  await expect(stranger.getByRole('heading', { name: 'Import a session archive' })).toBeVisible({
    timeout: 30_000,
  })
  await stranger.getByTestId('import-archive').setInputFiles(file)
  await expect(stranger).toHaveURL(/\/replay\/[^#]+#token=/, { timeout: 30_000 })
  await expect(stranger.getByTestId('replay')).toBeVisible({ timeout: 60_000 })
  await stranger.waitForFunction(() => Boolean(window.__rooflineEditor), undefined, { timeout: 60_000 })
  await stranger.getByRole('slider', { name: 'Replay position' }).press('End')
  await expect
    .poll(() =>
      stranger.evaluate(
        () => window.__rooflineEditor?.getCurrentPageShapes().filter((s) => s.type === 'geo').length ?? 0,
      ),
    )
    .toBeGreaterThan(0)
})
