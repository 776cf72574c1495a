import { calculators } from '@roofline/shared/calc'
import { describe, expect, it } from 'vitest'
import { calcTabs, calculatorGroups, tabAfterKey, tabOf } from './calculatorTabs.ts'

describe('calculator tabs', () => {
  it('shows every registry calculator in exactly one tab, and opens each tab on one of its own', () => {
    const shown = calcTabs.flatMap((tab) => calculatorGroups(tab).flatMap((g) => g.items.map((c) => c.id)))
    expect([...shown].sort()).toEqual(calculators.map((c) => c.id).sort())
    for (const tab of calcTabs.filter((t) => t.id !== 'freeform')) {
      expect(calculatorGroups(tab).flatMap((g) => g.items.map((c) => c.id))).toContain(tab.initial)
    }
  })

  it('finds the tab of a calculator', () => {
    const byId = (id: string) => calculators.find((c) => c.id === id)
    const kv = byId('kvCache')
    const collective = byId('collectiveTime')
    expect(kv && tabOf(kv)).toBe('memory')
    expect(collective && tabOf(collective)).toBe('bandwidth')
  })

  it('moves between tabs with the arrow keys, wrapping around, and Home and End', () => {
    expect(tabAfterKey('memory', 'ArrowRight')).toBe('throughput')
    expect(tabAfterKey('freeform', 'ArrowRight')).toBe('memory')
    expect(tabAfterKey('memory', 'ArrowLeft')).toBe('freeform')
    expect(tabAfterKey('bandwidth', 'ArrowLeft')).toBe('throughput')
    expect(tabAfterKey('bandwidth', 'Home')).toBe('memory')
    expect(tabAfterKey('memory', 'End')).toBe('freeform')
    expect(tabAfterKey('memory', 'ArrowDown')).toBeNull()
    expect(tabAfterKey('memory', 'a')).toBeNull()
  })
})
