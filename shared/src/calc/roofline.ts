import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity } from './fields.ts'
import { parseInput } from './validate.ts'

/** Input of {@link roofline}. */
export const rooflineInput = z.strictObject({
  peakFlops: quantity({
    label: 'Peak FLOP/s',
    description: 'Compute roof',
    unit: 'FLOP/s',
    max: LIMITS.flopRate,
  }),
  memBandwidth: quantity({
    label: 'Memory bandwidth',
    description: 'Memory roof slope',
    unit: 'bytes/s',
    max: LIMITS.bandwidth,
  }),
  intensity: quantity({
    label: 'Arithmetic intensity',
    description: 'FLOPs done per byte moved by the kernel',
    unit: 'FLOP/byte',
    max: 1e9,
  }),
})
export type RooflineInput = z.input<typeof rooflineInput>

/**
 * The roofline model (Williams, Waterman & Patterson, CACM 2009): a kernel can run no faster than
 * min(peakFlops, memBandwidth · intensity). The ridge intensity peakFlops / memBandwidth is where
 * the two roofs meet; below it the kernel is memory-bound.
 *
 * @example roofline({ peakFlops: 1.97e14, memBandwidth: 8.2e11, intensity: 100 })
 * // { ridgeIntensity: ≈240, attainableFlops: 8.2e13, bound: 'memory' } (TPU v5e, scaling book)
 */
export function roofline(
  input: RooflineInput,
): CalcResult<{ attainableFlops: number; ridgeIntensity: number; bound: 'memory' | 'compute' }> {
  const v = parseInput('roofline', rooflineInput, input)
  const d = new Derivation('roofline')
  const ridgeIntensity = d.step(
    'Ridge point',
    'ridgeIntensity = peakFlops / memBandwidth',
    v,
    v.peakFlops / v.memBandwidth,
    'FLOP/byte',
  )
  const attainableFlops = d.step(
    'Attainable FLOP/s',
    'attainableFlops = min(peakFlops, memBandwidth · intensity)',
    v,
    Math.min(v.peakFlops, v.memBandwidth * v.intensity),
    'FLOP/s',
  )
  const bound = v.intensity < ridgeIntensity ? 'memory' : 'compute'
  return d.finish({ attainableFlops, ridgeIntensity, bound })
}
