import { describe, expect, it } from 'vitest'
import { findFreeSpot, freeSpotWithin, type Rect } from './cardPlacement.ts'

const view: Rect = { x: 0, y: 0, w: 1000, h: 700 }
const card = { w: 360, h: 120 }
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('findFreeSpot', () => {
  it('puts a card in the middle of an empty view', () => {
    const spot = findFreeSpot(view, [], card)
    expect(Math.abs(spot.x + card.w / 2 - 500)).toBeLessThanOrEqual(40)
    expect(Math.abs(spot.y + card.h / 2 - 350)).toBeLessThanOrEqual(40)
  })

  it('keeps clear of the shapes drawn in the view, as near the middle as it can, and inside the view', () => {
    const drawn: Rect[] = [
      { x: 300, y: 250, w: 400, h: 200 },
      { x: 100, y: 100, w: 150, h: 100 },
    ]
    const spot = findFreeSpot(view, drawn, card)
    const placed = { ...spot, ...card }
    for (const rect of drawn) expect(overlaps(placed, rect)).toBe(false)
    expect(spot.x).toBeGreaterThanOrEqual(0)
    expect(spot.y).toBeGreaterThanOrEqual(0)
    expect(spot.x + card.w).toBeLessThanOrEqual(1000)
    expect(spot.y + card.h).toBeLessThanOrEqual(700)
    // Just above or below the middle shape, not off in a corner.
    expect(Math.hypot(spot.x + card.w / 2 - 500, spot.y + card.h / 2 - 350)).toBeLessThan(250)
  })

  it('goes right of everything on the page when the view has no room', () => {
    const full: Rect[] = [{ x: -50, y: -50, w: 1100, h: 800 }]
    const spot = findFreeSpot(view, full, card)
    expect(overlaps({ ...spot, ...card }, full[0] as Rect)).toBe(false)
    expect(spot.x).toBeGreaterThanOrEqual(1050)
    expect(spot.y).toBe(-50)
  })
})

describe('freeSpotWithin', () => {
  it('says there is no room rather than spilling out of the view', () => {
    expect(freeSpotWithin(view, [{ x: -50, y: -50, w: 1100, h: 800 }], card)).toBeNull()
    expect(freeSpotWithin({ x: 0, y: 0, w: 300, h: 100 }, [], card)).toBeNull()
  })

  it('takes the free spot nearest the focus it is given, not the middle of the region', () => {
    // The region is the whole canvas; the focus is the middle of what the panels leave free.
    const focus = { x: 800, y: 500 }
    const spot = freeSpotWithin(view, [], card, focus)
    expect(spot).not.toBeNull()
    if (!spot) return
    expect(Math.abs(spot.x + card.w / 2 - focus.x)).toBeLessThanOrEqual(40)
    expect(Math.abs(spot.y + card.h / 2 - focus.y)).toBeLessThanOrEqual(40)
    // A panel over the focus pushes the card beside it, still inside the region.
    const panel: Rect = { x: 560, y: 380, w: 440, h: 320 }
    const beside = freeSpotWithin(view, [panel], card, focus)
    expect(beside).not.toBeNull()
    if (!beside) return
    expect(overlaps({ ...beside, ...card }, panel)).toBe(false)
    expect(beside.x + card.w).toBeLessThanOrEqual(1000)
    expect(beside.y + card.h).toBeLessThanOrEqual(700)
  })
})
