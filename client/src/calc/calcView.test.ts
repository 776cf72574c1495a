import { describe, expect, it } from 'vitest'
import { followedView, initialPanelView, openedView, sharedViewOf } from './calcView.ts'

describe('the shared calculator view', () => {
  it('shows the calculator the room opened, keeping the other tabs as they were', () => {
    const mine = openedView(initialPanelView, 'memory', 'weightBytes')
    const view = followedView(mine, { tab: 'throughput', calculator: 'prefillTime', by: 'Ben' })
    expect(view.tab).toBe('throughput')
    expect(view.chosen.throughput).toBe('prefillTime')
    expect(view.chosen.memory).toBe('weightBytes')
    expect(followedView(mine, { tab: 'freeform', calculator: '', by: 'Ben' }).tab).toBe('freeform')
  })

  it('keeps its own view when the shared one is missing or names a calculator outside its tab', () => {
    expect(followedView(initialPanelView, null)).toBe(initialPanelView)
    expect(followedView(initialPanelView, { tab: 'memory', calculator: 'decodeStep', by: 'x' })).toBe(
      initialPanelView,
    )
    expect(followedView(initialPanelView, { tab: 'nope', calculator: '', by: 'x' })).toBe(initialPanelView)
    expect(followedView(initialPanelView, { tab: 'memory', calculator: 'nope', by: 'x' })).toBe(
      initialPanelView,
    )
  })

  it('says which calculator a view opened, and who opened it', () => {
    expect(sharedViewOf(openedView(initialPanelView, 'throughput'), 'Ben')).toEqual({
      tab: 'throughput',
      calculator: 'decodeStep',
      by: 'Ben',
    })
    expect(sharedViewOf(openedView(initialPanelView, 'freeform'), 'Ana').calculator).toBe('')
  })
})
