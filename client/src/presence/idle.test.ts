import { describe, expect, it } from 'vitest'
import { IDLE_AFTER_MS, idleFor, isIdle } from './idle.ts'

describe('idle collaborators', () => {
  const now = 1_800_000_000_000
  it('is idle only past a minute without activity', () => {
    expect(isIdle(now - IDLE_AFTER_MS - 1, now)).toBe(true)
    expect(isIdle(now - IDLE_AFTER_MS, now)).toBe(false)
    expect(isIdle(now - 5_000, now)).toBe(false)
  })

  it('counts someone who has not moved since joining (no timestamp) as present, not idle', () => {
    expect(isIdle(0, now)).toBe(false)
    expect(isIdle(null, now)).toBe(false)
    expect(isIdle(undefined, now)).toBe(false)
  })

  it('says how long in minutes, then hours', () => {
    expect(idleFor(61_000)).toBe('1 min')
    expect(idleFor(125_000)).toBe('2 min')
    expect(idleFor(59 * 60_000)).toBe('59 min')
    expect(idleFor(2 * 3_600_000 + 5)).toBe('2 h')
  })
})
