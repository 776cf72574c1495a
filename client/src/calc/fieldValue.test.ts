import { calculatorById, type FieldInfo } from '@roofline/shared/calc'
import { describe, expect, it } from 'vitest'
import { parseNumber, readField } from './fieldValue.ts'

const kv = calculatorById('kvCache')
const field = (calculator: string, name: string): FieldInfo => {
  const found = calculatorById(calculator)?.fields.find((f) => f.name === name)
  if (!found) throw new Error(`no field ${calculator}.${name}`)
  return found
}
const layers = field('kvCache', 'layers')
const bandwidth = field('roofline', 'memBandwidth')
const tokens = field('kvCache', 'tokens')
const latency = field('transferTime', 'latency')

describe('parseNumber', () => {
  it('reads plain, decimal, exponent and separated numbers', () => {
    expect(parseNumber('80')).toBe(80)
    expect(parseNumber(' 3.35 ')).toBe(3.35)
    expect(parseNumber('.5')).toBe(0.5)
    expect(parseNumber('7e10')).toBe(7e10)
    expect(parseNumber('1,048,576')).toBe(1_048_576)
    expect(parseNumber('1_000')).toBe(1000)
  })
  it('refuses what is not a number', () => {
    for (const raw of ['abc', '12abc', '1..2', 'NaN', 'Infinity', '0x10', '1e', '--1', '']) {
      expect(parseNumber(raw), raw).toBeNull()
    }
  })
})

describe('readField', () => {
  it('converts to SI in the chosen unit', () => {
    expect(readField(bandwidth, { raw: '3.35', unit: 'TB/s' })).toEqual({ kind: 'ok', value: 3.35e12 })
    expect(readField(tokens, { raw: '4.1', unit: 'ktoken' })).toEqual({ kind: 'ok', value: 4100 })
    expect(readField(layers, { raw: '80', unit: '' })).toEqual({ kind: 'ok', value: 80 })
  })

  it('treats blank as empty, so defaults apply', () => {
    expect(readField(tokens, { raw: '  ', unit: 'token' })).toEqual({ kind: 'empty' })
    expect(readField(tokens, undefined)).toEqual({ kind: 'empty' })
  })

  it('gives a message, never NaN or Infinity, for bad input', () => {
    const message = (f: FieldInfo, raw: string, unit = '') => {
      const value = readField(f, { raw, unit })
      expect(value.kind, raw).toBe('error')
      return value.kind === 'error' ? value.message : ''
    }
    expect(message(layers, '-3')).toBe('Must be more than zero')
    expect(message(layers, '0')).toBe('Must be more than zero')
    expect(message(latency, '-1', 's')).toBe('Cannot be negative')
    expect(message(layers, 'abc')).toMatch(/^Not a number/)
    expect(message(layers, '2.5')).toBe('Must be a whole number')
    expect(message(layers, '1e400')).toBe('Too large to be a value')
    expect(message(layers, '1e30')).toMatch(/^Too large: at most 100000000/)
    expect(message(bandwidth, '5', 'EB/s')).toBe('Unknown unit "EB/s"')
    expect(message(bandwidth, '1e9', 'TB/s')).toBe('Too large: at most 100000000 TB/s. Check the unit')
    expect(message(layers, 'x'.repeat(300))).toBe('Too long to be a value')
  })

  it('reads choices and flags by their option names', () => {
    const op = field('collectiveTime', 'op')
    expect(readField(op, { raw: 'allReduce', unit: '' })).toEqual({ kind: 'ok', value: 'allReduce' })
    expect(readField(op, { raw: 'rm -rf', unit: '' }).kind).toBe('error')
    const recompute = field('trainingFlops', 'recompute')
    expect(readField(recompute, { raw: 'true', unit: '' })).toEqual({ kind: 'ok', value: true })
    expect(readField(recompute, { raw: 'maybe', unit: '' }).kind).toBe('error')
  })

  it('knows the kvCache calculator', () => {
    expect(kv?.fields.map((f) => f.name)).toContain('headDim')
  })
})
