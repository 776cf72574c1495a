import { describe, expect, it } from 'vitest'
import { memoryBreakdown } from './memoryBreakdown.ts'
import { memoryPartsOf } from './memoryParts.ts'

describe('memoryBreakdown', () => {
  it('shows what is left when the parts fit', () => {
    const bar = memoryBreakdown(
      [
        { key: 'weights', label: 'Weights', bytes: 16e9 },
        { key: 'kv', label: 'KV cache', bytes: 40e9 },
        { key: 'activations', label: 'Activations', bytes: null },
      ],
      80e9,
    )
    expect(bar.used).toBe(56e9)
    expect(bar.free).toBe(24e9)
    expect(bar.over).toBe(0)
    expect(bar.gpusNeeded).toBe(1)
    expect(bar.segments.map((s) => s.share)).toEqual([0.2, 0.5])
    expect(bar.freeShare).toBeCloseTo(0.3, 12)
    expect(bar.capacityShare).toBe(1)
  })

  it('shows the overflow and how many GPUs it takes when they do not', () => {
    const bar = memoryBreakdown([{ key: 'weights', label: 'Weights', bytes: 141e9 }], 80e9)
    expect(bar.over).toBe(61e9)
    expect(bar.free).toBe(0)
    expect(bar.gpusNeeded).toBe(2)
    expect(bar.capacityShare).toBeCloseTo(80 / 141, 12)
  })
})

describe('memoryPartsOf', () => {
  it('takes each part from its calculator once that has a result', () => {
    const parts = memoryPartsOf({
      weightBytes: { params: { raw: '8', unit: 'Gparam' }, bytesPerParam: { raw: '2', unit: 'B/param' } },
      kvCache: { layers: { raw: '-1', unit: '' } },
    })
    expect(parts).toEqual([
      { key: 'weights', label: 'Weights', bytes: 16e9 },
      { key: 'kv', label: 'KV cache', bytes: null },
      { key: 'activations', label: 'Activations', bytes: null },
    ])
  })
})
