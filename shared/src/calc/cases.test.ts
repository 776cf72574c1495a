import { describe, expect, it } from 'vitest'
import { workedCases } from './cases.fixture.ts'
import { trainingStateBytes, weightBytes } from './memory.ts'
import { collectiveTime } from './network.ts'
import { withinRel } from './testkit.ts'
import { trainingFlops } from './training.ts'

/** How each published case maps onto a calculator: returns the figure to compare. */
const runners: Record<string, (inputs: Record<string, number>) => number> = {
  mem_opt13b_fp16_weights: (i) =>
    weightBytes({ params: n(i.params), bytesPerParam: n(i.bytes_per_param) }).bytes,
  tm_zero_16psi_gpt2_1p5b: (i) =>
    trainingStateBytes({
      params: n(i.params),
      weightBytes: n(i.bytes_fp16_params),
      gradBytes: n(i.bytes_fp16_grads),
      optimizerBytes: n(i.K_optimizer),
    }).bytesPerGpu,
  tm_zero_7p5b_nd64_baseline: (i) => zero(i, 0),
  tm_zero_7p5b_nd64_pos: (i) => zero(i, 1),
  tm_zero_7p5b_nd64_pos_g: (i) => zero(i, 2),
  tm_zero_7p5b_nd64_pos_g_p: (i) => zero(i, 3),
  // 18 B/param = 6 (fp32 master + bf16 weights) + 4 (fp32 grads) + 8 (AdamW moments).
  tm_stas_2b_18_bytes_per_param: (i) =>
    trainingStateBytes({
      params: n(i.params),
      weightBytes: 6,
      gradBytes: 4,
      optimizerBytes: n(i.bytes_per_param) - 10,
    }).bytesPerGpu,
  ft_chinchilla_175b_optimal_flops: (i) => trainingFlops({ params: n(i.params), tokens: n(i.tokens) }).flops,
  cb_allreduce_busbw_factor_n8: (i) =>
    collectiveTime({ op: 'allReduce', bytes: 1e9, ranks: n(i.n_ranks), busBandwidth: 1e11 }).busFactor,
}

function zero(i: Record<string, number>, zeroStage: number): number {
  return trainingStateBytes({ params: n(i.Psi), optimizerBytes: n(i.K), dataParallel: n(i.Nd), zeroStage })
    .bytesPerGpu
}

/** Reads a fixture input, failing loudly on a typo'd name instead of passing undefined along. */
function n(value: number | undefined): number {
  if (value === undefined) throw new Error('fixture input missing')
  return value
}

describe('published worked examples (cases.fixture.ts)', () => {
  it('has a runner for every case and a case for every runner', () => {
    expect(Object.keys(runners).sort()).toEqual(workedCases.map((c) => c.id).sort())
  })

  for (const c of workedCases) {
    it(`${c.id}: ${c.source.title.split(',')[0]} — ${c.published.value} ${c.published.unit}`, () => {
      const run = runners[c.id]
      if (!run) throw new Error(`no runner for ${c.id}`)
      const actual = run(c.inputs)
      expect(
        withinRel(actual, c.expected, c.toleranceRel),
        `${actual} vs ${c.expected} ±${c.toleranceRel * 100}%`,
      ).toBe(true)
    })
  }
})
