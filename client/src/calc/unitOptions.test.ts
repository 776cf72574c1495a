import { calculators, type Unit } from '@roofline/shared/calc'
import { describe, expect, it } from 'vitest'
import { bestUnitFor, conventionNote, formatRaw, fromSI, toSI, unitFamily } from './unitOptions.ts'

describe('unit options', () => {
  it('converts decimal, binary and bit units with mathjs', () => {
    expect(toSI(80, 'bytes', 'GB')).toBe(80e9)
    expect(toSI(80, 'bytes', 'GiB')).toBe(80 * 2 ** 30)
    expect(toSI(400, 'bytes/s', 'Gb/s')).toBeCloseTo(50e9, 3)
    expect(toSI(3.35, 'bytes/s', 'TB/s')).toBeCloseTo(3.35e12, 0)
    expect(toSI(989, 'FLOP/s', 'TFLOP/s')).toBeCloseTo(989e12, 0)
    expect(toSI(250, 's', 'us')).toBeCloseTo(250e-6, 15)
    expect(toSI(2, 's', 'day')).toBe(172_800)
    expect(toSI(70, 'parameters', 'Gparam')).toBe(70e9)
    expect(toSI(4, 'bytes/parameter', 'bit/param')).toBe(0.5)
    expect(toSI(40, 'ratio', 'percent')).toBeCloseTo(0.4, 12)
    expect(toSI(600, 'requests/s', 'req/min')).toBeCloseTo(10, 12)
    expect(toSI(7, 'count', '')).toBe(7)
  })

  it('round-trips every offered unit of every calculator input', () => {
    const units = new Set<Unit | null>(calculators.flatMap((c) => c.fields.map((f) => f.unit)))
    for (const unit of units) {
      for (const option of unitFamily(unit).options) {
        for (const value of [1, 3.35, 80, 1234.5678, 0.125]) {
          const back = fromSI(toSI(value, unit, option.id), unit, option.id)
          expect(back, `${value} ${option.id}`).toBeCloseTo(value, 9)
          expect(Number(formatRaw(back))).toBe(value)
        }
      }
    }
  })

  it('keeps a value through a unit change and back (GB → GiB → GB)', () => {
    const inGiB = formatRaw(fromSI(toSI(80, 'bytes', 'GB'), 'bytes', 'GiB'))
    expect(inGiB).toBe('74.5058059692')
    expect(formatRaw(fromSI(toSI(Number(inGiB), 'bytes', 'GiB'), 'bytes', 'GB'))).toBe('80')
  })

  it('states the convention of byte and bit units', () => {
    expect(conventionNote('bytes', 'GB')).toBe('decimal: 1 GB = 10⁹ B')
    expect(conventionNote('bytes', 'GiB')).toBe('binary: 1 GiB = 2³⁰ B ≈ 1.07 GB')
    expect(conventionNote('bytes/s', 'Gb/s')).toBe('bits: 1 Gb/s = 125 MB/s')
    expect(conventionNote('bytes/s', 'GiB/s')).toBe('binary: 1 GiB/s = 2³⁰ B/s ≈ 1.07 GB/s')
    expect(conventionNote('bytes/parameter', 'bit/param')).toBe('bits: 8 bits = 1 byte')
    expect(conventionNote('s', 'ms')).toBeNull()
    expect(conventionNote('count', '')).toBeNull()
  })

  it('picks a readable decimal unit for preset values', () => {
    expect(bestUnitFor('bytes/s', 3.35e12)).toBe('TB/s')
    expect(bestUnitFor('FLOP/s', 989e12)).toBe('TFLOP/s')
    expect(bestUnitFor('parameters', 70.55e9)).toBe('Gparam')
    expect(bestUnitFor('bytes', 80e9)).toBe('GB')
    expect(bestUnitFor('s', 0.0005)).toBe('us')
    expect(bestUnitFor('count', 80)).toBe('')
  })
})
