import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const shots = process.env.ROOFLINE_SHOTS_DIR ?? path.join(here, 'artifacts')

/**
 * An imported archive is an ordinary stored session with one marker: the library lists it by
 * the template it started with, labels it "imported", and offers no Share (its notes are the
 * exporter's). Checked in a fresh browser at both sizes the app supports.
 */
test('the library lists an imported archive by its template, labelled imported', async ({
  browser,
  request,
}) => {
  const created = await request.post('/api/sessions', {
    data: { names: { interviewer: 'Ana', candidate: 'Ben' } },
  })
  expect(created.status()).toBe(201)
  const { id, links } = (await created.json()) as { id: string; links: { interviewer: string } }
  const token = new URLSearchParams(new URL(links.interviewer).hash.slice(1)).get('token') ?? ''
  const recording = await request.get(`/api/sessions/${id}/recording`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(recording.status()).toBe(200)
  const archive = await recording.body()
  const title = ((await recording.json()) as { session: { templates: Array<{ title: string }> } }).session
    .templates[0]?.title
  mkdirSync(shots, { recursive: true })

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    const page = await (await browser.newContext({ viewport })).newPage()
    await page.goto('/library')
    await page.getByTestId('import-archive').setInputFiles({
      name: 'session.roofline.json',
      mimeType: 'application/json',
      buffer: archive,
    })
    await expect(page).toHaveURL(/\/replay\/[^#]+#token=/, { timeout: 30_000 })
    await page.goto('/library')
    const row = page.getByTestId('library-row')
    await expect(row).toHaveCount(1)
    await expect(row.locator('strong')).toHaveText(title ?? '')
    await expect(row).toContainText('· imported')
    await expect(row.getByRole('button', { name: 'Share' })).toHaveCount(0)
    await expect(row.getByTestId('open-replay')).toBeVisible()
    await page.screenshot({ path: path.join(shots, `library-imported-${viewport.width}.png`) })
  }
})
