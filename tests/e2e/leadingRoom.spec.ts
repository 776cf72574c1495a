import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, type Page, test } from './fixtures.ts'
import { createFromHome, openSession, revealFirstCard, showPanelTab } from './sessionSteps.ts'

/**
 * Leading the room (issue 19, item 9): the interviewer brings everyone to their view, and
 * whoever is connected stays listed and followable however long they stay still.
 */
const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts')

type Box = { x: number; y: number; w: number; h: number }
const viewport = (page: Page) => page.evaluate(() => window.__rooflineEditor?.getViewportPageBounds() as Box)
const boardUserId = (page: Page) => page.evaluate(() => window.__rooflineEditor?.user.getRecordId() ?? '')
/** Whether `outer` holds `inner`, give or take `slack` page units (the follow's last easing step). */
const holds = (outer: Box, inner: Box, slack = 2) =>
  outer.x <= inner.x + slack &&
  outer.y <= inner.y + slack &&
  outer.x + outer.w >= inner.x + inner.w - slack &&
  outer.y + outer.h >= inner.y + inner.h - slack

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test(`the interviewer brings everyone to their view; the candidate follows, is told, and can stop (${size.width}×${size.height})`, async ({
    browser,
  }) => {
    const links = await createFromHome(await (await browser.newContext()).newPage())
    const ana = await openSession(browser, links.interviewer, size)
    const ben = await openSession(browser, links.candidate, size)
    // Only the interviewer has the action.
    await expect(ben.getByRole('button', { name: 'Bring everyone to my view' })).toHaveCount(0)

    // Ana looks somewhere far from where Ben's board opened, at another zoom.
    await ana.evaluate(() => {
      window.__rooflineEditor?.setCamera({ x: -6000, y: -4000, z: 0.5 })
    })
    const anaId = await boardUserId(ana)
    await expect
      .poll(() =>
        ben.evaluate((id) => window.__rooflineEditor?.getCollaborators().some((c) => c.userId === id), anaId),
      )
      .toBe(true)
    expect(holds(await viewport(ben), await viewport(ana))).toBe(false)

    await ana.getByRole('button', { name: 'Bring everyone to my view' }).click()
    await expect(ana.getByText('Everyone now follows your view.')).toBeVisible()
    const notice = ben.getByTestId('gather-notice')
    await expect(notice).toContainText('Ana brought everyone to their view')
    await expect
      .poll(() => ben.evaluate(() => window.__rooflineEditor?.getInstanceState().followingUserId))
      .toBe(anaId)
    const anaView = await viewport(ana)
    await expect.poll(async () => holds(await viewport(ben), anaView), { timeout: 10_000 }).toBe(true)
    await ben.screenshot({ path: path.join(artifacts, `gathered-candidate-${size.width}.png`) })
    await ana.screenshot({ path: path.join(artifacts, `gathered-interviewer-${size.width}.png`) })

    // While following, Ben's board keeps up with Ana's as she moves on.
    await ana.evaluate(() => {
      window.__rooflineEditor?.setCamera({ x: 3000, y: 2000, z: 1 })
    })
    const moved = await viewport(ana)
    await expect.poll(async () => holds(await viewport(ben), moved), { timeout: 10_000 }).toBe(true)

    // The normal way out: Stop following (or moving the board) ends it, and the notice goes.
    await notice.getByRole('button', { name: 'Stop following' }).click()
    await expect(notice).toHaveCount(0)
    expect(await ben.evaluate(() => window.__rooflineEditor?.getInstanceState().followingUserId)).toBeNull()
  })
}

test('a connected participant stays listed and followable after a minute idle, shown as idle; leaving removes them', async ({
  browser,
}) => {
  const links = await createFromHome(await (await browser.newContext()).newPage())
  const size = { width: 1440, height: 900 }
  const ana = await openSession(browser, links.interviewer, size)
  const ben = await openSession(browser, links.candidate, size)
  const benId = await boardUserId(ben)
  await expect
    .poll(() =>
      ana.evaluate((id) => window.__rooflineEditor?.getCollaborators().some((c) => c.userId === id), benId),
    )
    .toBe(true)

  // Ben's last activity two minutes ago, as his own board publishes it: the state tldraw used
  // to hide him in after 60 s. (Real clocks on both pages: a faked clock on Ana's page would
  // also age the room's awareness, which drops peers that really are gone.)
  await ben.evaluate(() => {
    const editor = window.__rooflineEditor
    const pointer = editor?.store.get('pointer:pointer')
    if (editor && pointer) editor.store.put([{ ...pointer, lastActivityTimestamp: Date.now() - 120_000 }])
  })
  await expect
    .poll(() =>
      ana.evaluate(
        (id) =>
          (window.__rooflineEditor?.getCollaborators().find((c) => c.userId === id)?.lastActivityTimestamp ??
            0) <
          Date.now() - 100_000,
        benId,
      ),
    )
    .toBe(true)
  expect(
    await ana.evaluate(
      (id) => window.__rooflineEditor?.getVisibleCollaborators().some((c) => c.userId === id),
      benId,
    ),
  ).toBe(true)
  const avatar = ana.getByTestId('board-avatar').and(ana.locator('[data-name="Ben"]'))
  await expect(avatar).toHaveAttribute('data-idle', 'true')
  await expect(avatar).toHaveAttribute('title', /Ben: idle for 2 min/)
  await ana.screenshot({ path: path.join(artifacts, 'idle-avatar-1440.png') })

  // Still followable from the people menu.
  await ana.locator('.tlui-people-menu__avatars-button').click()
  const item = ana.locator('.tlui-people-menu__item', { hasText: 'Ben' })
  await expect(item).toBeVisible()
  await item.locator('.tlui-people-menu__item__follow').click()
  await expect
    .poll(() => ana.evaluate(() => window.__rooflineEditor?.getInstanceState().followingUserId))
    .toBe(benId)
  await ana.keyboard.press('Escape')

  // Leaving is not idling: once Ben's page closes he goes from the board.
  await ben.context().close()
  await expect
    .poll(
      () =>
        ana.evaluate((id) => window.__rooflineEditor?.getCollaborators().some((c) => c.userId === id), benId),
      { timeout: 40_000 },
    )
    .toBe(false)
})

test('the replay opens framing everything drawn, pinned and revealed, however far apart (1440×900 and 1024×768)', async ({
  browser,
}) => {
  const links = await createFromHome(await (await browser.newContext()).newPage())
  const ana = await openSession(browser, links.interviewer, { width: 1440, height: 900 })
  await ana.evaluate(() => {
    window.__rooflineEditor?.createShape({ type: 'geo', x: 0, y: 0, props: { w: 240, h: 120 } })
  })
  // A calculation pinned in a view far up and left of the drawing, and a card revealed far down
  // and right: each lands in the pinner's view, far from the diagram.
  await ana.evaluate(() => {
    window.__rooflineEditor?.setCamera({ x: 3000, y: 2000, z: 1 })
  })
  await showPanelTab(ana, 'Calc')
  await ana.getByRole('button', { name: 'Pin to board' }).first().click()
  await ana.evaluate(() => {
    window.__rooflineEditor?.setCamera({ x: -4500, y: -2800, z: 1 })
  })
  await revealFirstCard(ana)
  const shapes = () =>
    ana.evaluate(() => {
      const editor = window.__rooflineEditor
      return (editor?.getCurrentPageShapes() ?? []).map((s) => ({
        type: s.type,
        revealed: s.meta.revealedCard === true,
        bounds: editor?.getShapePageBounds(s.id) as Box,
      }))
    })
  await expect.poll(async () => (await shapes()).length).toBe(3)
  const drawn = await shapes()
  // Revealed cards became their own shape type in issue 20 (they were geo rectangles marked
  // `meta.revealedCard`): the drawn rectangle is still 'geo', the revealed card 'revealed-card'.
  expect(drawn.map((s) => s.type).sort()).toEqual(['calc-card', 'geo', 'revealed-card'])
  expect(drawn.some((s) => s.revealed)).toBe(true)
  const spread = (axis: 'x' | 'y') =>
    Math.max(...drawn.map((s) => s.bounds[axis])) - Math.min(...drawn.map((s) => s.bounds[axis]))
  expect(spread('x')).toBeGreaterThan(4000)

  ana.once('dialog', (dialog) => void dialog.accept())
  await ana.getByRole('button', { name: 'End session' }).click()
  const replay = (await ana.getByRole('link', { name: 'Open replay' }).getAttribute('href')) ?? ''
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    const viewer = await (await browser.newContext({ viewport: size })).newPage()
    await viewer.goto(replay)
    await expect(viewer.getByTestId('replay')).toBeVisible({ timeout: 30_000 })
    await viewer.waitForFunction(() => Boolean(window.__rooflineEditor))
    // The camera is set once, on the drawing as it ends, and holds still while the replay plays.
    const scrubber = await viewer.getByTestId('scrubber').boundingBox()
    if (!scrubber) throw new Error('no scrubber')
    await viewer.mouse.click(scrubber.x + scrubber.width - 1, scrubber.y + scrubber.height / 2)
    await expect
      .poll(() => viewer.evaluate(() => window.__rooflineEditor?.getCurrentPageShapes().length))
      .toBe(3)
    const view = await viewport(viewer)
    for (const shape of drawn) expect(holds(view, shape.bounds, 0), `${shape.type} in view`).toBe(true)
    await viewer.screenshot({ path: path.join(artifacts, `replay-framed-${size.width}.png`) })
  }
})
