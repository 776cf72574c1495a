import { describe, expect, it } from 'vitest'
import { speakingTime, speechLevelThreshold } from './speakingTime.ts'

describe('speakingTime', () => {
  const stretches = [
    { from: 1000, to: 2000, round: 1, phaseIndex: 0, title: 'Clarify' },
    { from: 2000, to: 4000, round: 1, phaseIndex: 1, title: 'Design' },
  ]

  it('counts 100 ms per slot at or above the threshold, in the phase that holds it', () => {
    const loud = speechLevelThreshold
    const quiet = speechLevelThreshold - 1
    const rows = speakingTime(
      [
        // Slots at 500 (before the timer), 1800, 1900 (Clarify), 2000, 2100 (Design).
        { seat: 'guest', at: 500, levels: [loud] },
        { seat: 'guest', at: 1800, levels: [loud, loud, 100, quiet, 0] },
        { seat: 'host', at: 2500, levels: [0, 80, 80, 80] },
      ],
      stretches,
    )
    expect(rows).toEqual([
      { round: 1, phaseIndex: 0, phase: 'Clarify', seat: 'guest', speakingMs: 200 },
      { round: 1, phaseIndex: 1, phase: 'Design', seat: 'guest', speakingMs: 100 },
      { round: 1, phaseIndex: 1, phase: 'Design', seat: 'host', speakingMs: 300 },
    ])
  })

  it('answers nothing for silence', () => {
    expect(speakingTime([{ seat: 'host', at: 1000, levels: [0, 5, 10] }], stretches)).toEqual([])
  })
})
