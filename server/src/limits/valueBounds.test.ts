import { describe, expect, it } from 'vitest'
import { BoundsError, checkJsonTextDepth, checkValueBounds, describeValue } from './valueBounds.ts'

/** `[[[...]]]`, `depth` levels, built without recursion. */
function deepArray(depth: number): unknown {
  let value: unknown = 0
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

describe('checkJsonTextDepth', () => {
  it('counts brackets outside strings only, escapes included', () => {
    expect(() => checkJsonTextDepth('[[{"a":[1]}]]', 4)).not.toThrow()
    expect(() => checkJsonTextDepth('[[{"a":[1]}]]', 3)).toThrow(BoundsError)
    expect(() => checkJsonTextDepth('["[[[[[[", "\\"[[[[["]', 1)).not.toThrow()
  })

  it('refuses 100,000 levels in one pass, without recursion', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expect(() => checkJsonTextDepth(text, 64)).toThrow(/nested deeper than 64/)
  })
})

describe('checkValueBounds', () => {
  it('accepts what is within both bounds and names the one exceeded', () => {
    expect(() => checkValueBounds({ a: [1, { b: 'c' }] }, { maxDepth: 3, maxNodes: 10 })).not.toThrow()
    expect(() => checkValueBounds({ a: [1, { b: 'c' }] }, { maxDepth: 2, maxNodes: 10 })).toThrow(/deeper/)
    expect(() => checkValueBounds([1, 2, 3, 4], { maxDepth: 3, maxNodes: 4 })).toThrow(/parts/)
  })

  it('walks a value nested 100,000 deep without overflowing the stack', () => {
    expect(() => checkValueBounds(deepArray(100_000), { maxDepth: 64, maxNodes: 1e6 })).toThrow(BoundsError)
  })
})

describe('describeValue', () => {
  it('never stringifies an array or object', () => {
    expect(describeValue(deepArray(100_000))).toBe('[array]')
    expect(describeValue({ toString: () => 'pwned' })).toBe('[object]')
    expect(describeValue('x'.repeat(100), 5)).toBe('xxxxx')
    expect(describeValue(12)).toBe('12')
  })
})
