import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures.ts'
import { createFromHome, openSession, showPanelTab } from './sessionSteps.ts'

/**
 * The small things of issue 19 that a newcomer trips on: source names, header text, link
 * cards at a laptop's width, the calculator's menus, select names, search order and the
 * ended session's header and actions.
 */
const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

test('the home page names sources by title, keeps Copy buttons in their card at 1024×768, and ranks search by relevance', async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage()
  await page.goto('/')
  await expect(page.locator('header')).toHaveText(/Roofline\s+Past sessions/)
  const preview = page.getByTestId('template-preview')
  await expect(preview).toContainText('From: ')
  await expect(preview).not.toContainText('.txt')

  // A title match outranks a tag-only match, whatever the alphabet says: "A 50 MW hall of
  // GB200 …" is tagged inference but does not say it in its title.
  await page.getByLabel('Search prompts').fill('inference')
  const titles = await page
    .getByRole('list', { name: 'Templates' })
    .locator('.template-title')
    .allTextContents()
  const inTitle = titles.map((t) => /inference/i.test(t))
  expect(inTitle.indexOf(false)).toBeGreaterThan(0)
  expect(inTitle.slice(inTitle.indexOf(false))).not.toContain(true)
  expect(titles.indexOf('A 50 MW hall of GB200 NVL72 racks: layout, power and cooling')).toBeGreaterThan(
    titles.indexOf('Real-time LLM inference for users on every continent'),
  )

  await createFromHome(page)
  const card = await page.getByTestId('session-links').boundingBox()
  expect(card).not.toBeNull()
  for (const role of ['interviewer', 'candidate', 'observer']) {
    const row = page.getByTestId(`link-${role}`).locator('xpath=..')
    const copy = await row.getByRole('button', { name: 'Copy' }).boundingBox()
    expect(copy, role).not.toBeNull()
    if (!copy || !card) continue
    expect(copy.x + copy.width, `${role} Copy button inside its card`).toBeLessThanOrEqual(
      card.x + card.width,
    )
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024)
  await page.screenshot({ path: path.join(artifacts, 'home-links-1024.png') })

  await page.goto('/library')
  await expect(page.getByRole('heading', { name: 'Past sessions' })).toBeVisible()
  expect(await page.locator('body').textContent()).not.toContain('RooflinePast')
})

test('the calculator menus show whole names, every select is named by its label alone, and an ended session says so with its actions', async ({
  browser,
}) => {
  const links = await createFromHome(await (await browser.newContext()).newPage())
  const ana = await openSession(browser, links.interviewer, { width: 1024, height: 768 })
  await showPanelTab(ana, 'Calc')

  // Names from labels tied by htmlFor: "Model", not "Model — Llama 3 8B Llama 3 70B …".
  for (const name of ['Model', 'GPU', 'Link']) {
    const menu = ana.getByRole('combobox', { name, exact: true })
    await expect(menu).toHaveCount(1)
    const snapshot = await menu.ariaSnapshot()
    expect(snapshot.split('\n')[0], name).toMatch(new RegExp(`^- combobox "${name}"`))
  }
  // The chosen model and GPU fit their menus: nothing is cut ("Llama 3 70", "NVIDIA H1(").
  for (const kind of ['model', 'gpu']) {
    const fits = await ana.getByTestId(`preset-${kind}`).evaluate((select) => {
      const element = select as HTMLSelectElement
      const probe = document.createElement('span')
      probe.style.font = getComputedStyle(element).font
      probe.style.whiteSpace = 'pre'
      probe.textContent = element.selectedOptions[0]?.textContent ?? ''
      document.body.append(probe)
      const needed = probe.getBoundingClientRect().width
      probe.remove()
      // The text box: the select less its padding and the arrow (about 24 px in Chromium).
      const style = getComputedStyle(element)
      const room =
        element.clientWidth -
        Number.parseFloat(style.paddingLeft) -
        Number.parseFloat(style.paddingRight) -
        24
      return { needed, room, text: probe.textContent }
    })
    expect(fits.text.length, kind).toBeGreaterThan(3)
    expect(fits.needed, `${kind} "${fits.text}" fits`).toBeLessThanOrEqual(fits.room)
  }
  // No combobox on the page carries an option's text in its name.
  const snapshot = await ana.locator('body').ariaSnapshot()
  for (const line of snapshot.split('\n').filter((l) => l.includes('combobox "'))) {
    expect(line).not.toMatch(/Llama|NVIDIA|H100|choose…/)
  }

  ana.once('dialog', (dialog) => void dialog.accept())
  await ana.getByRole('button', { name: 'End session' }).click()
  await expect(ana.getByText('This session has ended')).toBeVisible()
  const timer = ana.getByTestId('timer')
  await expect(timer.getByTestId('timer-final')).toHaveText(/^\d+:\d\d$/)
  await expect(timer).toContainText('final time')
  await expect(timer).not.toContainText('left')
  const replay = ana.getByRole('link', { name: 'Open replay' })
  await expect(replay).toHaveAttribute('href', /^\/replay\/[^#]+#token=/)
  await expect(ana.getByRole('link', { name: 'Open report' })).toHaveAttribute(
    'href',
    /^\/report\/[^#]+#token=/,
  )
  const download = ana.waitForEvent('download')
  await ana.getByRole('button', { name: 'Export report (Markdown)' }).click()
  const markdown = await download
  expect(markdown.suggestedFilename()).toMatch(/^roofline-.*\.md$/)
  // The server's report: the guide by its title, never the file name.
  const text = await readFile((await markdown.path()) ?? '', 'utf8')
  expect(text).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/)
  await ana.screenshot({ path: path.join(artifacts, 'session-ended-1024.png') })

  // The candidate sees the final time too, and no interviewer actions.
  const ben = await openSession(browser, links.candidate, { width: 1024, height: 768 })
  await expect(ben.getByTestId('timer-final')).toBeVisible()
  await expect(ben.getByRole('link', { name: 'Open replay' })).toHaveCount(0)
})
