import { describe, expect, it } from 'vitest'
import type { AnyCalcResult } from './derivation.ts'
import { CalcInputError } from './errors.ts'
import type { FieldInfo } from './fields.ts'
import { criticalBatch, decodeStep, prefillTime } from './inference.ts'
import { activationBytes, kvCache, trainingStateBytes, weightBytes } from './memory.ts'
import { collectiveTime, transferTime } from './network.ts'
import { calculators } from './registry.ts'
import { roofline } from './roofline.ts'
import { costPerMillionTokens, egressBandwidth, littleConcurrency, servingFleet } from './serving.ts'
import { checkpointTime, storageWithHeadroom } from './storage.ts'
import { intLogUniform, logUniform, seededRandom } from './testkit.ts'
import { trainingFlops, trainingTime } from './training.ts'

const SAMPLES = 200

/** A random valid value for a field, log-uniform over a realistic slice of its range. */
function sampleField(field: FieldInfo, rand: () => number): unknown {
  if (field.kind === 'choice') return field.options?.[Math.floor(rand() * (field.options?.length ?? 0))]
  if (field.kind === 'flag') return rand() < 0.5
  const lo = Math.max(field.min ?? 0, field.kind === 'integer' ? 1 : 1e-3)
  const hi = Math.min(field.max ?? 1e12, field.kind === 'integer' ? 4096 : 1e12)
  if (field.min === 0 && rand() < 0.1) return 0
  return field.kind === 'integer' ? intLogUniform(rand, lo, hi) : logUniform(rand, lo, hi)
}

/** A field at one end of its range. */
function cornerField(field: FieldInfo, high: boolean): unknown {
  if (field.kind === 'choice') return high ? field.options?.at(-1) : field.options?.[0]
  if (field.kind === 'flag') return high
  return high ? field.max : field.min
}

function allNumbers(result: AnyCalcResult): number[] {
  const figures = Object.values(result).filter((v): v is number => typeof v === 'number')
  return [...figures, ...result.steps.map((s) => s.value)]
}

/** Runs a calculator; valid input must give finite numbers, or a CalcInputError for cross-field rules. */
function runChecked(run: (input: unknown) => AnyCalcResult, input: unknown): void {
  let result: AnyCalcResult
  try {
    result = run(input)
  } catch (e) {
    // Only cross-field rules (heads ÷ tensorParallel, MFU ≤ 1) may reject in-range inputs.
    expect(e, JSON.stringify(input)).toBeInstanceOf(CalcInputError)
    return
  }
  for (const x of allNumbers(result))
    expect(Number.isFinite(x), `${x} from ${JSON.stringify(input)}`).toBe(true)
  expect(result.steps.length).toBeGreaterThan(0)
}

describe('every calculator, any valid input: finite figures and steps, never NaN or Infinity', () => {
  for (const calc of calculators) {
    it(`${calc.id}: random inputs`, () => {
      const rand = seededRandom(calc.id.length * 7919)
      for (let i = 0; i < SAMPLES; i++) {
        runChecked(calc.run, Object.fromEntries(calc.fields.map((f) => [f.name, sampleField(f, rand)])))
      }
    })

    it(`${calc.id}: every field at its bounds (all-min, all-max, and mixed corners)`, () => {
      const rand = seededRandom(42)
      const corners = [() => false, () => true, ...Array.from({ length: 64 }, () => () => rand() < 0.5)]
      for (const pick of corners) {
        runChecked(calc.run, Object.fromEntries(calc.fields.map((f) => [f.name, cornerField(f, pick())])))
      }
    })
  }
})

describe('every calculator rejects bad input with a CalcInputError naming the field', () => {
  for (const calc of calculators) {
    const valid = Object.fromEntries(
      calc.fields.map((f) => [
        f.name,
        f.kind === 'choice'
          ? f.options?.[0]
          : f.kind === 'flag'
            ? false
            : Math.min(f.max ?? 1, (f.min ?? 0) + 1),
      ]),
    )
    // The valid baseline must itself pass, or the rejections below would prove nothing.
    it(`${calc.id}: baseline input is accepted`, () => {
      expect(() => calc.run(valid)).not.toThrow()
    })

    for (const field of calc.fields.filter((f) => f.kind === 'number' || f.kind === 'integer')) {
      const bad: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, '3', null]
      if (field.min !== undefined && field.min > 0) bad.push(field.min / 2, 0)
      if (field.max !== undefined) bad.push(field.max * 10)
      if (field.kind === 'integer') bad.push(2.5)
      it(`${calc.id}.${field.name}: rejects ${bad.map(String).join(', ')}`, () => {
        for (const value of bad) {
          let error: unknown
          try {
            calc.run({ ...valid, [field.name]: value })
          } catch (e) {
            error = e
          }
          expect(error, `${field.name} = ${String(value)}`).toBeInstanceOf(CalcInputError)
          expect((error as CalcInputError).field).toBe(field.name)
          expect((error as CalcInputError).message).toContain(field.name)
        }
      })
    }

    for (const field of calc.fields.filter((f) => f.required)) {
      it(`${calc.id}.${field.name}: is required`, () => {
        const { [field.name]: _omitted, ...rest } = valid
        expect(() => calc.run(rest)).toThrow(
          expect.objectContaining({ field: field.name, message: expect.stringContaining('is required') }),
        )
      })
    }

    it(`${calc.id}: rejects unknown fields and non-objects`, () => {
      expect(() => calc.run({ ...valid, typo: 1 })).toThrow(expect.objectContaining({ field: 'typo' }))
      expect(() => calc.run(null)).toThrow(CalcInputError)
      expect(() => calc.run(42)).toThrow(CalcInputError)
    })
  }
})

/**
 * Checks that `figure(inputs with key = a) ≤ figure(inputs with key = b)` whenever a < b
 * (or ≥ for decreasing), over random base inputs.
 */
function monotonic<I extends Record<string, unknown>>(
  make: (rand: () => number) => I,
  key: keyof I & string,
  figure: (input: I) => number,
  direction: 'increasing' | 'decreasing' | 'nondecreasing' | 'nonincreasing',
  draw: (rand: () => number) => [number, number],
): void {
  const rand = seededRandom(key.length * 104_729)
  for (let i = 0; i < SAMPLES; i++) {
    const base = make(rand)
    const [x, y] = draw(rand)
    const [lo, hi] = x < y ? [x, y] : [y, x]
    if (lo === hi) continue
    const a = figure({ ...base, [key]: lo })
    const b = figure({ ...base, [key]: hi })
    const message = `${key}: ${lo} → ${a}, ${hi} → ${b}`
    if (direction === 'increasing') expect(b, message).toBeGreaterThan(a)
    if (direction === 'decreasing') expect(b, message).toBeLessThan(a)
    // Plateaus (e.g. compute-bound throughput) may differ in the last bit; allow 1e-12 relative.
    if (direction === 'nondecreasing') expect(b, message).toBeGreaterThanOrEqual(a * (1 - 1e-12))
    if (direction === 'nonincreasing') expect(b, message).toBeLessThanOrEqual(a * (1 + 1e-12))
  }
}

const ints = (lo: number, hi: number) => (r: () => number) =>
  [intLogUniform(r, lo, hi), intLogUniform(r, lo, hi)] as [number, number]
const reals = (lo: number, hi: number) => (r: () => number) =>
  [logUniform(r, lo, hi), logUniform(r, lo, hi)] as [number, number]

describe('monotonic where it should be', () => {
  it('weightBytes grows with params and bytes per param', () => {
    const make = (r: () => number) => ({
      params: logUniform(r, 1e6, 1e13),
      bytesPerParam: logUniform(r, 0.5, 4),
    })
    monotonic(make, 'params', (i) => weightBytes(i).bytes, 'increasing', reals(1e6, 1e13))
    monotonic(make, 'bytesPerParam', (i) => weightBytes(i).bytes, 'increasing', reals(0.5, 4))
  })

  it('kvCache grows with tokens, batch, layers, KV heads, head dim and precision', () => {
    const make = (r: () => number) => ({
      layers: intLogUniform(r, 1, 128),
      kvHeads: intLogUniform(r, 1, 128),
      headDim: intLogUniform(r, 32, 256),
      bytesPerElement: logUniform(r, 0.5, 4),
      tokens: intLogUniform(r, 1, 1e6),
      batch: intLogUniform(r, 1, 1024),
    })
    const bytes = (i: ReturnType<typeof make>) => kvCache(i).bytes
    monotonic(make, 'tokens', bytes, 'increasing', ints(1, 1e6))
    monotonic(make, 'batch', bytes, 'increasing', ints(1, 1024))
    monotonic(make, 'layers', bytes, 'increasing', ints(1, 128))
    monotonic(make, 'kvHeads', bytes, 'increasing', ints(1, 128))
    monotonic(make, 'headDim', bytes, 'increasing', ints(32, 256))
    monotonic(make, 'bytesPerElement', bytes, 'increasing', reals(0.5, 4))
  })

  it('trainingStateBytes per GPU shrinks with the ZeRO stage and data-parallel degree, grows with params', () => {
    const make = (r: () => number) => ({
      params: logUniform(r, 1e8, 1e12),
      dataParallel: intLogUniform(r, 2, 4096),
      zeroStage: Math.floor(r() * 4),
    })
    const perGpu = (i: ReturnType<typeof make>) => trainingStateBytes(i).bytesPerGpu
    monotonic(make, 'zeroStage', perGpu, 'decreasing', (r) => [Math.floor(r() * 4), Math.floor(r() * 4)])
    monotonic(make, 'dataParallel', perGpu, 'nonincreasing', ints(1, 4096))
    monotonic(make, 'params', perGpu, 'increasing', reals(1e8, 1e12))
  })

  it('activationBytes grows with sequence, micro-batch and layers; shrinks with tensor parallelism and recomputation', () => {
    const make = (r: () => number) => ({
      seqLen: intLogUniform(r, 128, 131_072),
      microBatch: intLogUniform(r, 1, 16),
      hidden: 128 * intLogUniform(r, 8, 160),
      layers: intLogUniform(r, 1, 128),
      heads: 64,
      tensorParallel: 1,
      recompute: (['none', 'selective', 'full'] as const)[Math.floor(r() * 3)] ?? 'none',
    })
    const bytes = (i: ReturnType<typeof make>) => activationBytes(i).bytes
    monotonic(make, 'seqLen', bytes, 'increasing', ints(128, 131_072))
    monotonic(make, 'microBatch', bytes, 'increasing', ints(1, 16))
    monotonic(make, 'layers', bytes, 'increasing', ints(1, 128))
    const powersOfTwo = (r: () => number) =>
      [2 ** Math.floor(r() * 7), 2 ** Math.floor(r() * 7)] as [number, number]
    monotonic(make, 'tensorParallel', bytes, 'nonincreasing', powersOfTwo)
    const rand = seededRandom(7)
    for (let i = 0; i < SAMPLES; i++) {
      const base = make(rand)
      const none = activationBytes({ ...base, recompute: 'none' }).bytes
      const selective = activationBytes({ ...base, recompute: 'selective' }).bytes
      const full = activationBytes({ ...base, recompute: 'full' }).bytes
      expect(none).toBeGreaterThan(selective)
      expect(selective).toBeGreaterThan(full)
    }
  })

  it('training FLOPs grow with params and tokens; time falls with GPUs and per-GPU speed', () => {
    const makeF = (r: () => number) => ({
      params: logUniform(r, 1e8, 1e13),
      tokens: logUniform(r, 1e9, 1e14),
    })
    monotonic(makeF, 'params', (i) => trainingFlops(i).flops, 'increasing', reals(1e8, 1e13))
    monotonic(makeF, 'tokens', (i) => trainingFlops(i).flops, 'increasing', reals(1e9, 1e14))
    const makeT = (r: () => number) => ({
      flops: logUniform(r, 1e20, 1e26),
      gpus: intLogUniform(r, 1, 1e5),
      flopsPerGpu: logUniform(r, 1e13, 1e15),
    })
    monotonic(makeT, 'gpus', (i) => trainingTime(i).seconds, 'decreasing', ints(1, 1e5))
    monotonic(makeT, 'flopsPerGpu', (i) => trainingTime(i).seconds, 'decreasing', reals(1e13, 1e15))
    monotonic(makeT, 'flops', (i) => trainingTime(i).seconds, 'increasing', reals(1e20, 1e26))
  })

  it('decode step time never falls as batch or KV bytes grow, and throughput never falls with batch', () => {
    const make = (r: () => number) => {
      const params = logUniform(r, 1e9, 1e12)
      return {
        params,
        weightBytes: 2 * params,
        kvBytes: logUniform(r, 1, 1e12),
        batch: intLogUniform(r, 1, 2048),
        memBandwidth: logUniform(r, 1e11, 1e13),
        peakFlops: logUniform(r, 1e14, 1e16),
      }
    }
    monotonic(make, 'batch', (i) => decodeStep(i).seconds, 'nondecreasing', ints(1, 2048))
    monotonic(make, 'batch', (i) => decodeStep(i).tokensPerSecond, 'nondecreasing', ints(1, 2048))
    monotonic(make, 'kvBytes', (i) => decodeStep(i).seconds, 'nondecreasing', reals(1, 1e12))
    monotonic(make, 'memBandwidth', (i) => decodeStep(i).seconds, 'nonincreasing', reals(1e11, 1e13))
  })

  it('decode bound flips exactly at the critical batch', () => {
    const rand = seededRandom(3)
    for (let i = 0; i < SAMPLES; i++) {
      const hw = { peakFlops: logUniform(rand, 1e14, 1e16), memBandwidth: logUniform(rand, 1e11, 1e13) }
      const { batch } = criticalBatch(hw)
      const step = (b: number) =>
        decodeStep({ params: 1e10, weightBytes: 2e10, kvBytes: 0, batch: b, ...hw }).bound
      if (Math.floor(batch) >= 1 && Math.floor(batch) < batch) expect(step(Math.floor(batch))).toBe('memory')
      expect(step(Math.ceil(batch + 1e-9))).toBe('compute')
    }
  })

  it('prefill gets slower with tokens and faster with MFU', () => {
    const make = (r: () => number) => ({
      params: logUniform(r, 1e9, 1e12),
      tokens: intLogUniform(r, 1, 1e6),
      peakFlops: 1e15,
      mfu: r() * 0.9 + 0.05,
    })
    monotonic(make, 'tokens', (i) => prefillTime(i).seconds, 'increasing', ints(1, 1e6))
    monotonic(
      make,
      'mfu',
      (i) => prefillTime(i).seconds,
      'decreasing',
      (r) => [r() * 0.95 + 0.05, r() * 0.95 + 0.05],
    )
  })

  it('roofline: attainable never falls with intensity and never exceeds the peak', () => {
    const make = (r: () => number) => ({
      peakFlops: logUniform(r, 1e13, 1e16),
      memBandwidth: logUniform(r, 1e11, 1e13),
      intensity: 1,
    })
    monotonic(make, 'intensity', (i) => roofline(i).attainableFlops, 'nondecreasing', reals(1e-2, 1e5))
    const rand = seededRandom(11)
    for (let i = 0; i < SAMPLES; i++) {
      const input = { ...make(rand), intensity: logUniform(rand, 1e-2, 1e5) }
      expect(roofline(input).attainableFlops).toBeLessThanOrEqual(input.peakFlops)
    }
  })

  it('serving fleet grows with load and token counts, shrinks with per-replica speed and allowed utilization', () => {
    const make = (r: () => number) => ({
      qps: logUniform(r, 0.01, 1e4),
      inputTokens: intLogUniform(r, 1, 1e5),
      outputTokens: intLogUniform(r, 1, 1e4),
      tokensPerSecondPerReplica: logUniform(r, 100, 1e5),
      gpusPerReplica: intLogUniform(r, 1, 16),
      targetUtilization: r() * 0.9 + 0.1,
    })
    const replicas = (i: ReturnType<typeof make>) => servingFleet(i).replicas
    monotonic(make, 'qps', replicas, 'nondecreasing', reals(0.01, 1e4))
    monotonic(make, 'outputTokens', replicas, 'nondecreasing', ints(1, 1e4))
    monotonic(make, 'inputTokens', replicas, 'nondecreasing', ints(1, 1e5))
    monotonic(make, 'tokensPerSecondPerReplica', replicas, 'nonincreasing', reals(100, 1e5))
    monotonic(make, 'targetUtilization', replicas, 'nonincreasing', (r) => [r() * 0.9 + 0.1, r() * 0.9 + 0.1])
    const rand = seededRandom(5)
    for (let i = 0; i < SAMPLES; i++) {
      const r = servingFleet(make(rand))
      expect(Number.isInteger(r.replicas)).toBe(true)
      expect(r.replicas).toBeGreaterThanOrEqual(r.concurrency)
    }
  })

  it('Little, egress and cost scale linearly in their drivers', () => {
    const rand = seededRandom(13)
    for (let i = 0; i < SAMPLES; i++) {
      const k = logUniform(rand, 1.01, 100)
      const l = { arrivalRate: logUniform(rand, 1e-3, 1e6), latency: logUniform(rand, 1e-6, 100) }
      expect(littleConcurrency({ ...l, latency: l.latency * k }).concurrency).toBeCloseTo(
        littleConcurrency(l).concurrency * k,
        6,
      )
      const e = { qps: logUniform(rand, 1e-3, 1e6), bytesPerResponse: logUniform(rand, 1, 1e9) }
      expect(egressBandwidth({ ...e, qps: e.qps * k }).bytesPerSecond).toBeGreaterThan(
        egressBandwidth(e).bytesPerSecond,
      )
      const c = {
        gpuHourPrice: logUniform(rand, 0.1, 100),
        gpus: intLogUniform(rand, 1, 1000),
        tokensPerSecond: logUniform(rand, 1, 1e6),
      }
      expect(
        costPerMillionTokens({ ...c, tokensPerSecond: c.tokensPerSecond * k }).costPerMillionTokens,
      ).toBeLessThan(costPerMillionTokens(c).costPerMillionTokens)
    }
  })

  it('network and storage times grow with bytes and fall with bandwidth', () => {
    const makeT = (r: () => number) => ({
      bytes: logUniform(r, 1, 1e15),
      bandwidth: logUniform(r, 1e6, 1e13),
      latency: 0,
    })
    monotonic(makeT, 'bytes', (i) => transferTime(i).seconds, 'increasing', reals(1, 1e15))
    monotonic(makeT, 'bandwidth', (i) => transferTime(i).seconds, 'decreasing', reals(1e6, 1e13))
    const makeC = (r: () => number) => ({
      op: 'allReduce' as const,
      bytes: logUniform(r, 1, 1e12),
      ranks: intLogUniform(r, 2, 1024),
      busBandwidth: logUniform(r, 1e9, 1e12),
    })
    monotonic(makeC, 'bytes', (i) => collectiveTime(i).seconds, 'increasing', reals(1, 1e12))
    monotonic(makeC, 'ranks', (i) => collectiveTime(i).busFactor, 'increasing', ints(1, 1024))
    const makeK = (r: () => number) => ({
      bytes: logUniform(r, 1e6, 1e15),
      writeBandwidth: logUniform(r, 1e8, 1e12),
    })
    monotonic(makeK, 'bytes', (i) => checkpointTime(i).writeSeconds, 'increasing', reals(1e6, 1e15))
    monotonic(
      makeK,
      'writeBandwidth',
      (i) => checkpointTime(i).restoreSeconds,
      'decreasing',
      reals(1e8, 1e12),
    )
    const makeS = (r: () => number) => ({ bytes: logUniform(r, 1, 1e15), fillFraction: r() * 0.9 + 0.1 })
    monotonic(
      makeS,
      'fillFraction',
      (i) => storageWithHeadroom(i).provisionedBytes,
      'decreasing',
      (r) => [r() * 0.9 + 0.1, r() * 0.9 + 0.1],
    )
    const rand = seededRandom(17)
    for (let i = 0; i < SAMPLES; i++) {
      const s = makeS(rand)
      expect(storageWithHeadroom(s).provisionedBytes).toBeGreaterThanOrEqual(s.bytes)
      const n = intLogUniform(rand, 1, 1e6)
      expect(collectiveTime({ ...makeC(rand), ranks: n }).busFactor).toBeLessThan(2)
    }
  })
})
