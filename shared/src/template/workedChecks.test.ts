import { describe, expect, it } from 'vitest'
import { checkProblems } from './checkProblems.ts'
import {
  type CalculatorCheck,
  calculatorCheckSchema,
  checksWithin,
  describeDisagreement,
  isCombined,
  type WorkedCheck,
  workChecks,
  workedCheckSchema,
} from './workedChecks.ts'

const check = (overrides: Partial<CalculatorCheck>): CalculatorCheck =>
  calculatorCheckSchema.parse({
    id: 'k-weights',
    in: 'r-memory',
    quote: '140 GB of weights',
    label: '70B weights in BF16',
    calculator: 'weightBytes',
    inputs: { params: 70e9, bytesPerParam: 2 },
    output: 'bytes',
    expected: 140e9,
    ...overrides,
  })

describe('workChecks', () => {
  it('recomputes a stated figure with the calculator and finds it agrees', () => {
    const [result] = workChecks([check({})])
    expect(result).toMatchObject({ ok: true, value: 140e9, agrees: true, deviation: 0 })
  })

  it('feeds an earlier check into a later one, scaled', () => {
    const results = workChecks([
      check({}),
      check({
        id: 'k-two-copies',
        calculator: 'transferTime',
        inputs: { bytes: { check: 'k-weights', times: 2 }, bandwidth: 50e9 },
        output: 'seconds',
        expected: 5.6,
      }),
    ])
    expect(results[1]).toMatchObject({ ok: true, inputs: { bytes: 280e9, bandwidth: 50e9 }, agrees: true })
    expect(results[1]?.ok && results[1].value).toBeCloseTo(5.6, 9)
  })

  it('names the template, the check, where it is stated and both numbers when they disagree', () => {
    const [result] = workChecks([check({ expected: 160e9 })])
    expect(result?.ok && result.agrees).toBe(false)
    const line = describeDisagreement('llm-70b', result as NonNullable<typeof result>)
    expect(line).toContain('llm-70b checks.k-weights (r-memory: "140 GB of weights")')
    expect(line).toContain('weightBytes.bytes is 1.4e11')
    expect(line).toContain('the template states 1.6e11')
    expect(line).toContain('tolerance 5%')
  })

  it('reports a calculator that refuses its input instead of a number', () => {
    const results = workChecks([
      check({ inputs: { params: -1, bytesPerParam: 2 } }),
      check({ id: 'k-next', inputs: { params: { check: 'k-weights' }, bytesPerParam: 2 } }),
    ])
    expect(results[0]).toMatchObject({ ok: false })
    expect(describeDisagreement('t', results[0] as NonNullable<(typeof results)[0]>)).toMatch(
      /cannot be computed: weightBytes/,
    )
    expect(results[1]).toMatchObject({ ok: false, error: 'input params: check "k-weights" has no value' })
  })
})

describe('checkProblems', () => {
  const texts = new Map([['r-memory', 'Weights: 140 GB of weights in BF16, so two H100s.']])

  it('accepts a check whose quote stands in its item and whose calculator has the fields', () => {
    expect(checkProblems([check({})], texts)).toEqual([])
  })

  it('finds a quote that no longer stands in the text, an unknown item, field, figure or calculator', () => {
    const problems = checkProblems(
      [
        check({ quote: '150 GB of weights' }),
        check({ id: 'k-2', in: 'r-nowhere' }),
        check({ id: 'k-3', inputs: { parameters: 70e9 } }),
        check({ id: 'k-4', output: 'gigabytes' }),
        check({ id: 'k-5', calculator: 'magic' }),
        check({ id: 'k-6', inputs: { params: { check: 'k-7' } } }),
      ],
      texts,
    )
    expect(problems.map((p) => `${p.index}.${p.field}`)).toEqual([
      '0.quote',
      '1.in',
      '2.inputs.parameters',
      '3.output',
      '4.calculator',
      '5.inputs.params',
    ])
  })

  it("accepts a word for a choice field only when it is one of that field's options", () => {
    const ring = check({
      id: 'k-ring',
      quote: '140 GB of weights',
      calculator: 'collectiveTime',
      inputs: { op: 'allReduce', bytes: 140e9, ranks: 8, busBandwidth: 450e9 },
      output: 'seconds',
      expected: 0.544,
    })
    expect(checkProblems([ring], texts)).toEqual([])
    const problems = checkProblems(
      [
        { ...ring, inputs: { ...ring.inputs, op: 'allreduce' } },
        { ...ring, id: 'k-ring-2', inputs: { ...ring.inputs, ranks: 'eight' } },
      ],
      texts,
    )
    expect(problems).toEqual([
      {
        index: 0,
        field: 'inputs.op',
        message: expect.stringMatching(
          /"allreduce" is not one of collectiveTime\.op's options \(.*allReduce/,
        ),
      },
      { index: 1, field: 'inputs.ranks', message: 'collectiveTime.ranks takes a number, not "eight"' },
    ])
  })

  it('works a check with a choice input through its calculator and lists the word among its inputs', () => {
    const [result] = workChecks([
      check({
        calculator: 'collectiveTime',
        inputs: { op: 'allReduce', bytes: 140e9, ranks: 8, busBandwidth: 450e9, latency: 0 },
        output: 'seconds',
        expected: (2 * 7 * 140e9) / 8 / 450e9,
      }),
    ])
    expect(result).toMatchObject({ ok: true, agrees: true, inputs: { op: 'allReduce', ranks: 8 } })
  })

  it('refuses a quote without the number it states', () => {
    expect(workedCheckSchema.safeParse({ ...check({}), quote: 'the weights' }).success).toBe(false)
  })
})

describe('checksWithin', () => {
  const hiddenCard = check({ id: 'k-card', in: 'c-hidden' })
  const onRubric = check({
    id: 'k-sync',
    in: 'r-memory',
    calculator: 'transferTime',
    inputs: { bytes: { check: 'k-card', times: 2 }, bandwidth: 50e9 },
    output: 'seconds',
    expected: 5.6,
  })

  it("drops a check stated in an item that was cut, keeping a later check's input as the number it gave", () => {
    const kept = checksWithin([hiddenCard, onRubric], new Set(['r-memory']))
    expect(kept.map((k) => k.id)).toEqual(['k-sync'])
    expect(inputsOf(kept[0])).toEqual({ bytes: 280e9, bandwidth: 50e9 })
    expect(
      checkProblems(kept, new Map([['r-memory', 'Weights: 140 GB of weights in BF16, so two H100s.']])),
    ).toEqual([])
    expect(workChecks(kept)[0]).toMatchObject({ ok: true, agrees: true })
  })

  it("keeps a kept check's choice input as the word it was", () => {
    const ring = check({
      id: 'k-ring',
      in: 'r-memory',
      calculator: 'collectiveTime',
      inputs: { op: 'allReduce', bytes: { check: 'k-card' }, ranks: 8, busBandwidth: 450e9 },
      output: 'seconds',
      expected: (2 * 7 * 140e9) / 8 / 450e9,
    })
    const kept = checksWithin([hiddenCard, ring], new Set(['r-memory']))
    expect(inputsOf(kept[0])).toEqual({ op: 'allReduce', bytes: 140e9, ranks: 8, busBandwidth: 450e9 })
    expect(workChecks(kept)[0]).toMatchObject({ ok: true, agrees: true })
  })

  it('drops a check whose cut input could not be computed, and keeps everything when nothing is cut', () => {
    const broken = { ...hiddenCard, inputs: { params: -1, bytesPerParam: 2 } }
    expect(checksWithin([broken, onRubric], new Set(['r-memory']))).toEqual([])
    expect(checksWithin([hiddenCard, onRubric], new Set(['c-hidden', 'r-memory']))).toEqual([
      hiddenCard,
      onRubric,
    ])
  })
})

/** A calculator check's inputs (undefined for a combined one), for asserting on what a cut kept. */
function inputsOf(kept: WorkedCheck | undefined): CalculatorCheck['inputs'] | undefined {
  return kept && !isCombined(kept) ? kept.inputs : undefined
}
