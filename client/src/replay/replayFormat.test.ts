import { describe, expect, it } from 'vitest'
import { formatElapsed, formatMinutes } from './replayFormat.ts'

describe('replay formats', () => {
  it('formats elapsed time like a stopwatch and durations in minutes', () => {
    expect(formatElapsed(61_900)).toBe('1:01')
    expect(formatElapsed(-5)).toBe('0:00')
    expect(formatMinutes(20_000)).toBe('< 1 min')
    expect(formatMinutes(42 * 60_000)).toBe('42 min')
    expect(formatMinutes(65 * 60_000)).toBe('1 h 05 min')
  })
})
