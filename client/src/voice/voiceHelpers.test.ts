import { describe, expect, it } from 'vitest'
import { retryDelayMs } from './chunkUploader.ts'
import { levelOfSamples } from './levelMeter.ts'
import { problemOf } from './microphone.ts'
import { speakingNamesOf } from './speakingNames.ts'
import { fitLevels } from './voiceRecorder.ts'

describe('voice helpers', () => {
  it('names the people speaking now, for their board cursors', () => {
    const participants = [
      { seat: 'host', role: 'interviewer', name: 'Ana', connected: true },
      { seat: 'guest', role: 'candidate', name: 'Ben', connected: true },
      { seat: 'observer', role: 'observer', name: 'Cleo', connected: false },
    ] as const
    expect([...speakingNamesOf(participants, new Set(['guest']))]).toEqual(['Ben'])
    expect([...speakingNamesOf(participants, new Set(['host', 'observer']))]).toEqual(['Ana', 'Cleo'])
    expect(speakingNamesOf(participants, new Set()).size).toBe(0)
    expect(speakingNamesOf(participants, undefined).size).toBe(0)
  })

  it('maps loudness onto 0–100', () => {
    expect(levelOfSamples(new Float32Array(128))).toBe(0)
    expect(levelOfSamples(new Float32Array(128).fill(0.1))).toBe(67)
    expect(levelOfSamples(new Float32Array(128).fill(1))).toBe(100)
  })

  it('fits the sampled levels to one per 100 ms', () => {
    expect(fitLevels([1, 2, 3], 4)).toEqual([1, 2, 3, 3])
    expect(fitLevels([1, 2, 3, 4], 2)).toEqual([1, 2])
    expect(fitLevels([], 2)).toEqual([0, 0])
  })

  it('backs off up to 10 s between retries', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(500)
    expect(retryDelayMs(3, () => 0.5)).toBe(4000)
    expect(retryDelayMs(12, () => 0.5)).toBe(10_000)
  })

  it('tells a blocked microphone from a missing one', () => {
    expect(problemOf({ name: 'NotAllowedError' })).toBe('denied')
    expect(problemOf({ name: 'NotFoundError' })).toBe('missing')
    expect(problemOf({ name: 'NotReadableError' })).toBe('busy')
  })
})
