import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity } from './fields.ts'
import { parseInput } from './validate.ts'

/** Mixture-of-experts: how much of the routed-expert weight a decode step actually reads. */

const expertsField = () =>
  quantity({
    label: 'Routed experts',
    description: 'Routed experts per MoE layer (E), not counting shared experts',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  })
const expertsPerTokenField = () =>
  quantity({
    label: 'Experts per token',
    description: 'Routed experts each token is sent to (top-k)',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  })
const batchField = () =>
  quantity({
    label: 'Batch',
    description: 'Tokens routed together in one step (sequences in a decode step); a mean may be fractional',
    unit: 'count',
    max: LIMITS.count,
  })

/** Rejects top-k above the number of experts, at the expertsPerToken field. */
function kWithinExperts(v: { experts: number; expertsPerToken: number }, ctx: z.RefinementCtx): void {
  if (v.expertsPerToken > v.experts) {
    ctx.addIssue({
      code: 'custom',
      path: ['expertsPerToken'],
      message: `cannot exceed the ${v.experts} routed experts`,
    })
  }
}

/** Input of {@link moeExpertsTouched}. */
export const moeExpertsTouchedInput = z
  .strictObject({ experts: expertsField(), expertsPerToken: expertsPerTokenField(), batch: batchField() })
  .superRefine(kWithinExperts)
export type MoeExpertsTouchedInput = z.input<typeof moeExpertsTouchedInput>

/** The touched share and its derivation step, shared by both MoE calculators. */
function touchedFraction(
  d: Derivation,
  v: { experts: number; expertsPerToken: number; batch: number },
): number {
  return d.step(
    'Share of routed experts a step touches (uniform routing)',
    'touched = 1 - (1 - expertsPerToken / experts)^batch',
    v,
    1 - (1 - v.expertsPerToken / v.experts) ** v.batch,
    'ratio',
  )
}

/**
 * Expected share of one MoE layer's routed experts that a batch touches in a step. Under uniform,
 * independent routing each token misses a given expert with probability 1 − k/E, so the expert is
 * untouched by all B tokens with probability (1 − k/E)^B: fraction = 1 − (1 − k/E)^B, and
 * experts = E · fraction. Real routers are skewed, so this is an upper bound on the saving; top-k
 * choosing k distinct experts per token makes "independent" an approximation.
 *
 * @example moeExpertsTouched({ experts: 256, expertsPerToken: 8, batch: 1 }) // { fraction: 0.03125, experts: 8 }
 */
export function moeExpertsTouched(
  input: MoeExpertsTouchedInput,
): CalcResult<{ fraction: number; experts: number }> {
  const v = parseInput('moeExpertsTouched', moeExpertsTouchedInput, input)
  const d = new Derivation('moeExpertsTouched')
  const fraction = touchedFraction(d, v)
  const experts = d.step(
    'Routed experts touched per layer',
    'touchedExperts = experts · touched',
    { ...v, touched: fraction },
    v.experts * fraction,
    'count',
  )
  return d.finish({ fraction, experts })
}

/** Input of {@link moeWeightBytesRead}. */
export const moeWeightBytesReadInput = z
  .strictObject({
    denseBytes: quantity({
      label: 'Always-read bytes',
      description: 'Weights every token uses: attention, dense layers, shared experts, embeddings',
      unit: 'bytes',
      min: 0,
      max: LIMITS.bytes,
    }),
    expertBytes: quantity({
      label: 'Routed-expert bytes',
      description: 'All routed experts of all layers together',
      unit: 'bytes',
      max: LIMITS.bytes,
    }),
    experts: expertsField(),
    expertsPerToken: expertsPerTokenField(),
    batch: batchField(),
  })
  .superRefine(kWithinExperts)
export type MoeWeightBytesReadInput = z.input<typeof moeWeightBytesReadInput>

/**
 * Weight bytes one MoE decode step reads: the always-used weights plus the touched share of the
 * routed experts, bytes = denseBytes + expertBytes · (1 − (1 − k/E)^B) (see
 * {@link moeExpertsTouched}). `fraction` is bytes over all weight bytes. At batch 1 this is the
 * active-parameter footprint; by a few hundred tokens nearly every expert is read each step.
 *
 * @example moeWeightBytesRead({ denseBytes: 17.1e9, expertBytes: 653.9e9, experts: 256, expertsPerToken: 8, batch: 1 }).bytes
 * // ≈ 37.5e9: DeepSeek-V3 in FP8 at batch 1 (37B activated of 671B, technical report)
 */
export function moeWeightBytesRead(
  input: MoeWeightBytesReadInput,
): CalcResult<{ bytes: number; fraction: number }> {
  const v = parseInput('moeWeightBytesRead', moeWeightBytesReadInput, input)
  const d = new Derivation('moeWeightBytesRead')
  const touched = touchedFraction(d, v)
  const bytes = d.step(
    'Weight bytes read per step',
    'bytes = denseBytes + expertBytes · touched',
    { ...v, touched },
    v.denseBytes + v.expertBytes * touched,
    'bytes',
  )
  const fraction = d.step(
    'Share of all weight bytes read',
    'fraction = bytes / (denseBytes + expertBytes)',
    { ...v, bytes },
    bytes / (v.denseBytes + v.expertBytes),
    'ratio',
  )
  return d.finish({ bytes, fraction })
}
