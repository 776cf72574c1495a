import { describe, expect, it } from 'vitest'
import { tabIdAfterKey } from './tabKeys.ts'

const tabs = ['prompt', 'answers', 'calculators', 'scorecard', 'notes'] as const

describe('tabIdAfterKey', () => {
  it('steps with the arrows and wraps around at both ends', () => {
    expect(tabIdAfterKey(tabs, 'prompt', 'ArrowRight')).toBe('answers')
    expect(tabIdAfterKey(tabs, 'notes', 'ArrowRight')).toBe('prompt')
    expect(tabIdAfterKey(tabs, 'prompt', 'ArrowLeft')).toBe('notes')
    expect(tabIdAfterKey(tabs, 'scorecard', 'ArrowLeft')).toBe('calculators')
  })

  it('jumps to the ends with Home and End', () => {
    expect(tabIdAfterKey(tabs, 'calculators', 'Home')).toBe('prompt')
    expect(tabIdAfterKey(tabs, 'answers', 'End')).toBe('notes')
  })

  it('ignores other keys, and has nowhere to go without tabs', () => {
    expect(tabIdAfterKey(tabs, 'answers', 'Enter')).toBeNull()
    expect(tabIdAfterKey(tabs, 'answers', 'ArrowDown')).toBeNull()
    expect(tabIdAfterKey([], 'answers' as never, 'ArrowRight')).toBeNull()
  })

  it('moves from the first tab when the current one is not in the list', () => {
    expect(tabIdAfterKey(['a', 'b'], 'z' as 'a', 'ArrowRight')).toBe('b')
  })
})
