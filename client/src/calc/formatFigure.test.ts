import { describe, expect, it } from 'vitest'
import { binaryEquivalent, formatFigure } from './formatFigure.ts'

describe('formatFigure', () => {
  it('prints every kind of figure with its unit, never NaN or Infinity', () => {
    expect(formatFigure(2.68e10, 'bytes')).toBe('26.8 GB')
    expect(formatFigure(327_680, 'bytes/token')).toBe('328 kB/token')
    expect(formatFigure(0.0418, 's')).toBe('41.8 ms')
    expect(formatFigure(0.42, 'ratio')).toBe('42%')
    expect(formatFigure(4, 'count')).toBe('4')
    expect(formatFigure(1.1111, '$/1M tokens')).toBe('$1.11 per 1M tokens')
    expect(formatFigure(295.2, 'FLOP/byte')).toBe('295.2 FLOP/B')
    expect(formatFigure('memory', null)).toBe('memory')
    expect(formatFigure(Number.NaN, 'bytes')).toBe('—')
    expect(formatFigure(Number.POSITIVE_INFINITY, 's')).toBe('—')
  })

  it('gives the binary equivalent of byte figures', () => {
    expect(binaryEquivalent(80e9, 'bytes')).toBe('74.5 GiB')
    expect(binaryEquivalent(327_680, 'bytes/token')).toBe('320 KiB/token')
    expect(binaryEquivalent(100, 'bytes')).toBeNull()
    expect(binaryEquivalent(1e9, 's')).toBeNull()
  })
})
