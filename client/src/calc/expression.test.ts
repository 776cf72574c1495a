import { describe, expect, it } from 'vitest'
import { evaluateExpression, MAX_EXPRESSION_LENGTH } from './expression.ts'

const ok = (source: string) => {
  const outcome = evaluateExpression(source)
  if (outcome.kind !== 'ok') throw new Error(`${source}: ${JSON.stringify(outcome)}`)
  return outcome
}
const refused = (source: string) => {
  const outcome = evaluateExpression(source)
  if (outcome.kind !== 'error') throw new Error(`${source} was accepted: ${JSON.stringify(outcome)}`)
  return outcome
}

describe('evaluateExpression', () => {
  it('does arithmetic with units and converts with "in" / "to"', () => {
    expect(ok('70e9 * 2 B / (3.35 TB/s) in ms').text).toBe('41.791 ms')
    expect(ok('400 Gb/s to GB/s').text).toBe('50 GB/s')
    expect(ok('1 GiB to B').detail).toBe('= 1.074e9 B')
    expect(ok('2 * 70e9 FLOP / (989 TFLOP/s) to µs').text).toBe('141.56 µs')
    expect(ok('3 * 4').text).toBe('12')
    expect(ok('sqrt(16) + max(1, 2)').text).toBe('6')
  })

  it('formats results without a conversion with decimal prefixes', () => {
    expect(ok('70e9 * 2 B').text).toBe('140 GB')
    expect(ok('80 GB / (3.35 TB/s)').text).toBe('23.9 ms')
    expect(ok('8 * 989 TFLOP/s').text).toBe('7.91 PFLOP/s')
  })

  it('says where and why an expression is wrong', () => {
    expect(refused('5 + ')).toEqual({ kind: 'error', message: 'Unexpected end of expression', position: 4 })
    expect(refused('1 KB to B')).toMatchObject({ message: expect.stringMatching(/kB .* KiB/), position: 2 })
    expect(refused('10 foo')).toMatchObject({ message: 'Unknown unit or name "foo"', position: 3 })
    expect(refused('1 GB + 1 s')).toMatchObject({ message: expect.stringMatching(/units do not match/) })
    expect(refused('3 GB/s to ms')).toMatchObject({ position: 7 })
  })

  it('never shows NaN or Infinity', () => {
    expect(refused('1 / 0').message).toMatch(/infinite/)
    expect(refused('1e308 * 10').message).toMatch(/infinite/)
    expect(refused('0 / 0').message).toMatch(/undefined/)
    expect(refused('2 ^ 2 ^ 2 ^ 2 ^ 2 ^ 2').message).toMatch(/infinite/)
    expect(refused('1e400').message).toMatch(/too large|infinite/)
    expect(refused('sqrt(-1)').message).toMatch(/No real result/)
  })

  it('refuses import, createUnit, evaluate, parse and friends', () => {
    for (const source of [
      'import({}, {override: true})',
      'createUnit("foo")',
      'evaluate("1 + 1")',
      'parse("1")',
      'compile("1")',
      'simplify("x")',
      'derivative("x^2", "x")',
      'resolve(x)',
      'reviver("a", 1)',
    ]) {
      const name = source.slice(0, source.indexOf('('))
      expect(refused(source), source).toMatchObject({ position: 0 })
      expect(refused(source).message, source).toMatch(new RegExp(`${name}|Only numbers|not allowed`))
    }
  })

  it('refuses code-like syntax: assignments, blocks, objects, matrices, property access', () => {
    expect(refused('x = 5').message).toMatch(/Assignments/)
    expect(refused('f(x) = x').message).toMatch(/Assignments/)
    expect(refused('1; 2').message).toMatch(/one expression/)
    expect(refused('{a: 1}').message).toMatch(/object/)
    expect(refused('[1, 2]').message).toMatch(/matrix/)
    expect(refused('ones(1e9)').message).toMatch(/Unknown function "ones"/)
    expect(refused('constructor.name').message).toMatch(/not allowed|Unknown/)
    expect(refused('"abc"').message).toMatch(/not text/)
    expect(refused('1 < 2').message).toMatch(/comparison|operator/)
    expect(refused('cos.constructor("alert(1)")()').kind).toBe('error')
  })

  it('refuses huge input before parsing it', () => {
    const long = `1${' + 1'.repeat(MAX_EXPRESSION_LENGTH)}`
    expect(refused(long).message).toMatch(/Too long/)
    expect(refused(`${'('.repeat(200)}1${')'.repeat(99)}`).kind).toBe('error')
    expect(refused(Array.from({ length: 140 }, () => '1').join('+')).message).toMatch(/Too complex/)
  })

  it('keeps no state between expressions', () => {
    refused('a = 5')
    expect(refused('a + 1').message).toBe('Unknown unit or name "a"')
  })

  it('treats blank as empty', () => {
    expect(evaluateExpression('   ')).toEqual({ kind: 'empty' })
  })
})
