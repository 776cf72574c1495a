import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures.ts'
import { showPanelTab } from './sessionSteps.ts'

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

test('search the browser, start a session from a template, reveal a follow-up the candidate sees', async ({
  browser,
}) => {
  const home = await (await browser.newContext()).newPage()
  await home.goto('/')
  await home.getByLabel('Search prompts').fill('inference')
  const list = home.getByRole('list', { name: 'Templates' })
  await expect(list.getByRole('button')).not.toHaveCount(0)
  const titles = await list.locator('.template-title').allTextContents()
  expect(titles.length).toBeGreaterThan(2)
  await home.getByLabel('Level').selectOption('senior')
  await list.getByRole('button', { name: /LLM inference serving at 10k\+ QPS/ }).click()
  await expect(home.getByTestId('template-preview')).toContainText('10,000 requests per second')
  await expect(home.getByTestId('chosen-template')).toContainText('LLM inference serving at 10k+ QPS')
  await home.screenshot({ path: path.join(artifacts, 'home-template-browser.png') })
  await home.getByRole('button', { name: 'Create session' }).click()
  const interviewerLink = await home.getByTestId('link-interviewer').inputValue()
  const candidateLink = await home.getByTestId('link-candidate').inputValue()

  const ana = await (await browser.newContext()).newPage()
  await ana.goto(interviewerLink)
  const ben = await (await browser.newContext()).newPage()
  await ben.goto(candidateLink)
  await expect(ben.getByTestId('prompt')).toContainText('10,000 requests per second')

  await showPanelTab(ana, 'Answers')
  const followUp = ana.locator('.hidden-list li.kind-follow-up').first()
  // The card's title, not the bold figures of its worked lines.
  const followUpTitle = (await followUp.locator(':scope > div > strong').textContent()) ?? ''
  expect(followUpTitle.length).toBeGreaterThan(3)
  await expect(ben.getByText(followUpTitle)).toHaveCount(0)
  await followUp.getByRole('button', { name: 'Reveal' }).click()
  await expect(ben.getByTestId('revealed')).toContainText(followUpTitle)
  await expect(followUp.getByText('Revealed')).toBeVisible()
})

test('import a template: a bad file is refused naming the field; a good one is listed, exportable and deletable by its importer', async ({
  page,
  browser,
}) => {
  await page.goto('/')
  const fileInput = page.getByLabel('Template file')
  const bad = {
    schemaVersion: 1,
    id: 'team-embeddings',
    title: '<b>Embeddings</b> at scale',
    prompt: 'Serve embeddings for 1B documents.',
    sources: ['003_375e4669547009bf.txt'],
    tags: ['rag'],
    level: 'senior',
    lens: 'scale and speed',
    rubric: [{ id: 'sizing', title: 'Sizes the index', strong: 'Does the math', failure: 'Guesses' }],
  }
  await fileInput.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  })
  await expect(page.getByRole('alert')).toContainText('title: markup is not allowed')
  await page.screenshot({ path: path.join(artifacts, 'home-import-refused.png') })

  const good = { ...bad, title: 'Embeddings at scale for our team' }
  await fileInput.setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(good)),
  })
  const list = page.getByRole('list', { name: 'Templates' })
  await expect(list.getByRole('button', { name: /Embeddings at scale for our team/ })).toBeVisible()
  await expect(page.getByTestId('chosen-template')).toContainText('Embeddings at scale for our team')
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export file' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('team-embeddings.json')

  await page.reload()
  await expect(
    page.getByRole('list', { name: 'Templates' }).getByText('Embeddings at scale for our team'),
  ).toBeVisible()

  // Another browser sees the imported template but neither exports nor deletes it.
  const stranger = await (await browser.newContext()).newPage()
  await stranger.goto('/')
  await stranger
    .getByRole('list', { name: 'Templates' })
    .getByRole('button', { name: /Embeddings at scale for our team/ })
    .click()
  await expect(stranger.getByTestId('export-hint')).toBeVisible()
  await expect(stranger.getByRole('button', { name: 'Export file' })).toHaveCount(0)
  await expect(stranger.getByRole('button', { name: 'Delete template' })).toHaveCount(0)

  // The importing browser deletes it: gone from the list, here and after a reload.
  await page
    .getByRole('list', { name: 'Templates' })
    .getByRole('button', { name: /Embeddings at scale for our team/ })
    .click()
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('button', { name: 'Delete template' }).click()
  await expect(
    page.getByRole('list', { name: 'Templates' }).getByText('Embeddings at scale for our team'),
  ).toHaveCount(0)
  await stranger.reload()
  await expect(
    stranger.getByRole('list', { name: 'Templates' }).getByText('Embeddings at scale for our team'),
  ).toHaveCount(0)
})
