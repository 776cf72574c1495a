import { describe, expect, it } from 'vitest'
import { Derivation } from './derivation.ts'
import { DAY, formatNumber, formatQuantity, GB, GBIT_PER_S, GiB, KiB } from './units.ts'

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [819_200, '819200'],
    [8.03e9, '8.03e9'],
    [1.5e12, '1.5e12'],
    [0.06871, '0.06871'],
    [3.3e-4, '3.3e-4'],
    [2.5, '2.5'],
    [-1234.5678, '-1235'],
    [1e6, '1e6'],
  ])('%s → %s', (x, text) => {
    expect(formatNumber(x)).toBe(text)
  })
})

describe('formatQuantity', () => {
  it.each([
    [26e9, 'bytes', '26 GB'],
    [3.35e12, 'bytes/s', '3.35 TB/s'],
    [989e12, 'FLOP/s', '989 TFLOP/s'],
    [0.0687, 's', '68.7 ms'],
    [5e-6, 's', '5 µs'],
    [34 * DAY, 's', '34 days'],
    [90, 's', '90 s'],
    [0.7, 'ratio', '0.7 ratio'],
  ] as const)('%s %s → %s', (value, unit, text) => {
    expect(formatQuantity(value, unit)).toBe(text)
  })
})

describe('unit constants', () => {
  it('keeps decimal and binary units apart', () => {
    expect(GB).toBe(1e9)
    expect(GiB).toBe(1_073_741_824)
    expect(KiB).toBe(1024)
    expect(400 * GBIT_PER_S).toBe(50e9)
  })
})

describe('Derivation', () => {
  it('substitutes only whole identifiers that have values, leaving functions and unknown words alone', () => {
    const d = new Derivation('test')
    d.step('x', 'y = max(a, ab) + a · b2 + c', { a: 2, ab: 3e9, b2: 'q' }, 0, 'count')
    expect(d.steps[0]?.substituted).toBe('max(2, 3e9) + 2 · q + c')
  })

  it('refuses to return a non-finite figure or step (a bug, never shown to a user)', () => {
    const d = new Derivation('test')
    expect(() => d.finish({ bad: Number.NaN })).toThrow(RangeError)
    d.step('overflow', 'z = a', { a: 1 }, Number.POSITIVE_INFINITY, 'bytes')
    expect(() => d.finish({ ok: 1 })).toThrow(/overflow came out as Infinity/)
  })
})
