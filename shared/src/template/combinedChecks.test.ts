import { describe, expect, it } from 'vitest'
import { checkProblems } from './checkProblems.ts'
import { combineValues } from './combinedChecks.ts'
import { type TemplateFile, templateSchema } from './templateSchema.ts'
import {
  type CombinedCheck,
  checksWithin,
  describeDisagreement,
  type WorkedCheck,
  workChecks,
  workedCheckSchema,
} from './workedChecks.ts'

/** 70.6B and 8.03B parameters in BF16: the two models a routing lever moves traffic between. */
const big = workedCheckSchema.parse({
  id: 'k-70b',
  in: 'q-models',
  quote: '141 GB',
  label: '70B weights',
  calculator: 'weightBytes',
  inputs: { params: 70.6e9, bytesPerParam: 2 },
  output: 'bytes',
  expected: 141e9,
})
const small = workedCheckSchema.parse({
  ...big,
  id: 'k-8b',
  quote: '16 GB',
  label: '8B weights',
  inputs: { params: 8.03e9, bytesPerParam: 2 },
  expected: 16e9,
})
const combined = (overrides: Partial<CombinedCheck>): WorkedCheck =>
  workedCheckSchema.parse({
    id: 'k-cheaper',
    in: 'q-models',
    quote: '8.8x cheaper',
    label: '70B over 8B per token',
    combine: 'ratio',
    of: [{ check: 'k-70b' }, { check: 'k-8b' }],
    expected: 8.8,
    ...overrides,
  })
const texts = new Map([['q-models', 'A 70B model (141 GB) and an 8B one (16 GB), 8.8x cheaper.']])

describe('combineValues', () => {
  it('sums, subtracts the rest from the first, multiplies and divides in order', () => {
    expect(combineValues('sum', [150e6, 200e6])).toBe(350e6)
    expect(combineValues('difference', [7.3, 1.3, 0.6])).toBeCloseTo(5.4, 12)
    expect(combineValues('product', [150_000, 40])).toBe(6e6)
    expect(combineValues('ratio', [1.5, 0.17])).toBeCloseTo(8.8235, 4)
    expect(combineValues('sum', [42])).toBe(42)
  })

  it('refuses a ratio over zero and a result that is not finite', () => {
    expect(() => combineValues('ratio', [1, 0])).toThrow('the denominator is 0')
    expect(() => combineValues('product', [1e200, 1e200])).toThrow('the product is not a finite number')
  })
})

describe('a combined check', () => {
  it('divides one earlier result by another and is shown as a multiple', () => {
    const [, , ratio] = workChecks([big, small, combined({})])
    expect(ratio).toMatchObject({
      ok: true,
      unit: '×',
      inputs: {},
      operands: [
        { value: 141.2e9, check: 'k-70b' },
        { value: 16.06e9, check: 'k-8b' },
      ],
      agrees: true,
    })
    expect(ratio?.ok && ratio.value).toBeCloseTo(70.6 / 8.03, 9)
  })

  it('scales operands, mixes in givens, and takes its unit from the first check unless it states one', () => {
    const results = workChecks([
      big,
      small,
      // 40% of traffic stays on the 70B model, 60% moves to the 8B: bytes read per token of the mix.
      combined({
        id: 'k-mix',
        combine: 'sum',
        of: [
          { check: 'k-70b', times: 0.4 },
          { check: 'k-8b', times: 0.6 },
        ],
        expected: 66e9,
      }),
      combined({
        id: 'k-share',
        combine: 'ratio',
        of: [{ check: 'k-8b', times: 0.6 }, { check: 'k-70b' }],
        unit: 'ratio',
        expected: 0.068,
      }),
      combined({ id: 'k-given', combine: 'ratio', of: [50_000, 3600], unit: 'requests/s', expected: 14 }),
    ])
    expect(results[2]).toMatchObject({ ok: true, unit: 'bytes', agrees: true })
    expect(results[2]?.ok && results[2].value).toBeCloseTo(0.4 * 141.2e9 + 0.6 * 16.06e9, 0)
    expect(results[2]).toMatchObject({
      operands: [
        { check: 'k-70b', times: 0.4 },
        { check: 'k-8b', times: 0.6 },
      ],
    })
    expect(results[3]).toMatchObject({ ok: true, unit: 'ratio', agrees: true })
    expect(results[4]).toMatchObject({
      ok: true,
      unit: 'requests/s',
      operands: [{ value: 50_000 }, { value: 3600 }],
    })
  })

  it('cannot be computed when an operand could not, or when it divides by zero', () => {
    const broken = workedCheckSchema.parse({ ...big, inputs: { params: -1, bytesPerParam: 2 } })
    const results = workChecks([
      broken,
      small,
      combined({}),
      combined({ id: 'k-zero', of: [{ check: 'k-8b' }, 0] }),
    ])
    expect(results[2]).toMatchObject({ ok: false, error: 'of.0: check "k-70b" has no value' })
    expect(results[3]).toMatchObject({ ok: false, error: 'ratio: the denominator is 0' })
  })

  it('names the template, the check, where it is stated, the operation and both numbers when it disagrees', () => {
    const [, , wrong] = workChecks([big, small, combined({ expected: 12 })])
    if (!wrong) throw new Error('no result')
    expect(describeDisagreement('llm-70b-cost-reduction', wrong)).toBe(
      'llm-70b-cost-reduction checks.k-cheaper (q-models: "8.8x cheaper"): k-70b ÷ k-8b is 8.792, ' +
        'the template states 12 (off by 26.7%, tolerance 5%)',
    )
  })

  it('keeps an operand from a cut item as the number it gave', () => {
    const cardOnly = { ...small, in: 'c-hidden' }
    const kept = checksWithin([big, cardOnly, combined({})], new Set(['q-models']))
    expect(kept.map((check) => check.id)).toEqual(['k-70b', 'k-cheaper'])
    expect((kept[1] as CombinedCheck).of).toEqual([{ check: 'k-70b' }, 16.06e9])
    expect(checkProblems(kept, texts)).toEqual([])
    expect(workChecks(kept)[1]).toMatchObject({ ok: true, agrees: true })
  })
})

describe('cutting checks to the items an archive keeps', () => {
  it('drops a working step once every check that used it is cut, so the cut passes checkProblems', () => {
    const stepFor = workedCheckSchema.parse({ ...small, quote: undefined, expected: undefined })
    const onCard = combined({ in: 'c-hidden' })
    const kept = checksWithin([big, stepFor, onCard], new Set(['q-models']))
    expect(kept.map((check) => check.id)).toEqual(['k-70b'])
    expect(checkProblems(kept, texts)).toEqual([])
    expect(
      checksWithin([big, stepFor, combined({})], new Set(['q-models'])).map((check) => check.id),
    ).toEqual(['k-70b', 'k-8b', 'k-cheaper'])
  })
})

describe('bad combined checks', () => {
  const problemsOf = (checks: WorkedCheck[]) =>
    checkProblems(checks, texts).map((problem) => `${problem.index}.${problem.field}: ${problem.message}`)

  it('refuses an unknown operation, no operands, and a calculator field mixed in', () => {
    const base = { id: 'k-x', in: 'q-models', quote: '8.8x', label: 'x', expected: 1 }
    const unknown = workedCheckSchema.safeParse({ ...base, combine: 'mean', of: [1, 2] })
    expect(unknown.error?.issues[0]?.message).toBe(
      'combine is one of sum, difference, product, ratio (or absent, for a calculator check)',
    )
    expect(workedCheckSchema.safeParse({ ...base, combine: 'sum', of: [] }).error?.issues[0]?.path).toEqual([
      'of',
    ])
    const mixed = workedCheckSchema.safeParse({ ...base, combine: 'sum', of: [1], calculator: 'weightBytes' })
    expect(mixed.error?.issues[0]?.message).toMatch(/Unrecognized key.*calculator/)
  })

  it('refuses a ratio of three and a difference of one', () => {
    expect(
      problemsOf([
        big,
        small,
        combined({ of: [{ check: 'k-70b' }, { check: 'k-8b' }, 2] }),
        combined({ id: 'k-diff', combine: 'difference', of: [{ check: 'k-70b' }] }),
      ]),
    ).toEqual([
      '2.of: a ratio takes exactly 2 operands (numerator, denominator), not 3',
      '3.of: a difference takes 2 to 12 operands, not 1',
    ])
  })

  it('refuses a reference to no check, to itself, to a later check, and names a cycle with its path', () => {
    expect(
      problemsOf([
        combined({ id: 'k-a', of: [{ check: 'k-nowhere' }, { check: 'k-a' }] }),
        combined({ id: 'k-b', of: [{ check: 'k-c' }, 2] }),
        combined({ id: 'k-c', of: [{ check: 'k-b' }, 2] }),
        combined({ id: 'k-d', of: [{ check: 'k-e' }, 2] }),
        combined({ id: 'k-e', of: [1, 2] }),
      ]),
    ).toEqual([
      '0.of.0: no check "k-nowhere" in this template',
      '0.of.1: check "k-a" refers to itself',
      '1.of.0: checks "k-b" → "k-c" → "k-b" form a cycle; a check can use only earlier results',
      '3.of.0: check "k-e" comes later in the list; a check can use only earlier results',
    ])
  })

  it('takes a working step (no quote, no expected) only when a later check uses it, and never half a figure', () => {
    const step = (overrides: Record<string, unknown>) =>
      workedCheckSchema.parse({ ...big, quote: undefined, expected: undefined, ...overrides })
    const usedStep = step({ id: 'k-70b' })
    expect(problemsOf([usedStep, small, combined({})])).toEqual([])
    expect(workChecks([usedStep, small, combined({})])[0]).toMatchObject({
      ok: true,
      agrees: true,
      deviation: 0,
    })
    expect(problemsOf([step({ id: 'k-idle' }), step({ id: 'k-half', expected: 1 })])).toEqual([
      '0.quote: working step "k-idle" states no figure and no later check uses it',
      '1.quote: a check states a figure (quote and expected) or is a working step (neither), not half of each',
    ])
  })

  it('names the template and the check when a template file holds a bad combination', () => {
    const template: TemplateFile = {
      schemaVersion: 1,
      id: 'routing-levers',
      title: 'Routing levers',
      prompt: 'Cut the serving cost of a 70B model.',
      sources: ['004_6ae1202ae996713e.txt'],
      tags: ['inference'],
      level: 'senior',
      lens: 'scale and speed',
      clarifyingQuestions: [
        {
          id: 'q-models',
          question: 'Which models?',
          answer: 'A 70B model (141 GB) and an 8B one (16 GB), 8.8x cheaper.',
        },
      ],
      rubric: [{ id: 'r-cost', title: 'Cost', strong: 'Works the ratio.', failure: 'Guesses.' }],
      checks: [combined({ of: [{ check: 'k-70b' }, { check: 'k-8b' }] }), big, small],
    }
    const parsed = templateSchema.safeParse(template)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'checks.0.of.0: routing-levers checks.k-cheaper: check "k-70b" comes later in the list; a check can use only earlier results',
      'checks.0.of.1: routing-levers checks.k-cheaper: check "k-8b" comes later in the list; a check can use only earlier results',
    ])
    expect(templateSchema.safeParse({ ...template, checks: [big, small, combined({})] }).success).toBe(true)
  })
})
