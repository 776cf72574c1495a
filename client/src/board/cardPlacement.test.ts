import { describe, expect, it } from 'vitest'
import { findFreeSpot, type Rect } from './cardPlacement.ts'

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
