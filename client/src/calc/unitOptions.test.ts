import type { CalcFieldEntry } from '@roofline/shared'
import { calculators, type Unit } from '@roofline/shared/calc'
import { modelById } from '@roofline/shared/presets'
import { describe, expect, it } from 'vitest'
import { evaluateCalculator } from './evaluateCalculator.ts'
import { formatFigure } from './formatFigure.ts'
import { panelCalculatorById } from './panelCalculators.ts'
import { presetEntries } from './presetFill.ts'
import { changeUnit, convertEntry, unitChangeNote } from './unitChange.ts'
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

/**
 * Every option of every unit menu, as the quantity one of it is in the calculator's SI unit,
 * written out by hand (not through mathjs) so a wrong conversion cannot agree with itself.
 */
const STATED: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  'MB/s': 1e6,
  'GB/s': 1e9,
  'TB/s': 1e12,
  'GiB/s': 1024 ** 3,
  'Mb/s': 1e6 / 8,
  'Gb/s': 1e9 / 8,
  'Tb/s': 1e12 / 8,
  'B/token': 1,
  'kB/token': 1e3,
  'KiB/token': 1024,
  'MB/token': 1e6,
  'MiB/token': 1024 ** 2,
  'B/req': 1,
  'kB/req': 1e3,
  'KiB/req': 1024,
  'MB/req': 1e6,
  'MiB/req': 1024 ** 2,
  'B/param': 1,
  'bit/param': 1 / 8,
  'B/elem': 1,
  'bit/elem': 1 / 8,
  ns: 1e-9,
  us: 1e-6,
  ms: 1e-3,
  s: 1,
  min: 60,
  h: 3600,
  day: 86_400,
  FLOP: 1,
  GFLOP: 1e9,
  TFLOP: 1e12,
  PFLOP: 1e15,
  EFLOP: 1e18,
  ZFLOP: 1e21,
  YFLOP: 1e24,
  'GFLOP/s': 1e9,
  'TFLOP/s': 1e12,
  'PFLOP/s': 1e15,
  'EFLOP/s': 1e18,
  'FLOP/B': 1,
  param: 1,
  kparam: 1e3,
  Mparam: 1e6,
  Gparam: 1e9,
  Tparam: 1e12,
  token: 1,
  ktoken: 1e3,
  Mtoken: 1e6,
  Gtoken: 1e9,
  Ttoken: 1e12,
  'token/s': 1,
  'ktoken/s': 1e3,
  'Mtoken/s': 1e6,
  'req/s': 1,
  'kreq/s': 1e3,
  'req/min': 1 / 60,
  'req/h': 1 / 3600,
  'req/day': 1 / 86_400,
  req: 1,
  '': 1,
  ratio: 1,
  percent: 0.01,
  'USD/h': 1,
  'USD/s': 1,
  'USD/Mtoken': 1,
  USD: 1,
  W: 1,
  kW: 1e3,
  MW: 1e6,
  GW: 1e9,
  'J/token': 1,
}

describe('every unit menu: type a number, then choose the unit', () => {
  const fieldUnits = [...new Set<Unit | null>(calculators.flatMap((c) => c.fields.map((f) => f.unit)))]
  const si = (unit: Unit | null, entry: CalcFieldEntry) => toSI(Number(entry.raw), unit, entry.unit)

  for (const unit of fieldUnits) {
    const family = unitFamily(unit)
    it(`${unit ?? 'plain'}: "4" then each of ${family.options.map((o) => o.label || 'plain').join(', ')} reads 4 of that unit`, () => {
      for (const option of family.options) {
        const stated = STATED[option.id]
        expect(stated, `a stated quantity for ${option.id}`).toBeDefined()
        const typed: CalcFieldEntry = { raw: '4', unit: family.defaultId }
        const chosen = changeUnit(typed, option.id)
        expect(chosen, option.id).toEqual({ raw: '4', unit: option.id })
        expect(si(unit, chosen) / (4 * (stated ?? Number.NaN)), option.id).toBeCloseTo(1, 12)
        // Converting instead keeps the quantity typed in the default unit.
        const converted = convertEntry(unit, typed, option.id)
        expect(converted.unit).toBe(option.id)
        expect(si(unit, converted) / si(unit, typed), `convert to ${option.id}`).toBeCloseTo(1, 9)
      }
    })
  }

  it('says what a unit change did, and nothing when it did not move the quantity', () => {
    const four = { raw: '4', unit: 'token' }
    expect(unitChangeNote('tokens', four, changeUnit(four, 'ktoken'))?.text).toBe(
      '4 tokens → 4 thousand: 1,000× more',
    )
    const preset = { raw: '3.35', unit: 'TB/s' }
    expect(unitChangeNote('bytes/s', preset, changeUnit(preset, 'Tb/s'))?.text).toBe(
      '3.35 TB/s → 3.35 Tb/s: 8× less',
    )
    expect(unitChangeNote('tokens', { raw: '', unit: 'token' }, { raw: '', unit: 'ktoken' })).toBeNull()
    expect(unitChangeNote('tokens', { raw: 'abc', unit: '' }, { raw: 'abc', unit: 'ktoken' })).toBeNull()
  })

  it('KV cache of Llama 3 70B, batch 64: "4" then "thousand" tokens is 83.9 GB, not 83.9 MB', () => {
    const kvCache = panelCalculatorById('kvCache')
    if (!kvCache) throw new Error('no kvCache calculator')
    const filled = presetEntries(kvCache, { model: modelById('llama-3-70b') }, {}, ['model'])
    const typed: CalcFieldEntry = { raw: '4', unit: 'token' }
    const entries = { ...filled, batch: { raw: '64', unit: '' }, tokens: changeUnit(typed, 'ktoken') }
    const bytes = evaluateCalculator(kvCache, entries).result?.bytes
    expect(formatFigure(Number(bytes), 'bytes')).toBe('83.9 GB')
  })
})
