import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Power: a fleet's draw at the wall and the energy each token costs. */

/** Input of {@link powerDraw}. */
export const powerDrawInput = z.strictObject({
  gpus: quantity({
    label: 'GPUs',
    description: 'Accelerators drawing power',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  gpuWatts: quantity({
    label: 'GPU power',
    description: 'Board power per GPU (H100 SXM 700 W, B200 1,000 W)',
    unit: 'W',
    max: 1e5,
  }),
  gpusPerNode: withDefault(
    quantity({
      label: 'GPUs per node',
      description: 'GPUs sharing one server (CPUs, NICs, fans)',
      unit: 'count',
      integer: true,
      max: LIMITS.count,
    }),
    8,
  ),
  nodeOverheadWatts: withDefault(
    quantity({
      label: 'Node overhead',
      description: 'Power of the rest of a node: DGX H100 is 10.2 kW max with 5.6 kW of GPUs',
      unit: 'W',
      min: 0,
      max: 1e6,
    }),
    0,
  ),
  pue: withDefault(
    quantity({
      label: 'PUE',
      description: 'Power usage effectiveness: facility power over IT power (≥ 1; ~1.1–1.5)',
      unit: 'count',
      min: 1,
      max: 10,
    }),
    1,
  ),
  tokensPerSecond: quantity({
    label: 'Tokens per second',
    description: 'Tokens the whole fleet produces per second',
    unit: 'tokens/s',
    max: LIMITS.rate,
  }),
})
export type PowerDrawInput = z.input<typeof powerDrawInput>

/**
 * Power at the wall and energy per token: itWatts = gpus · gpuWatts + nodes · nodeOverheadWatts
 * with nodes = ceil(gpus / gpusPerNode); facilityWatts = itWatts · PUE (The Green Grid's power
 * usage effectiveness); joulesPerToken = facilityWatts / tokensPerSecond (a watt is a joule per
 * second). Board power is a ceiling: busy inference GPUs often draw less.
 *
 * @example powerDraw({ gpus: 8, gpuWatts: 700, nodeOverheadWatts: 4600, pue: 1.2, tokensPerSecond: 10_000 })
 * // itWatts 10,200 (a DGX H100 at its 10.2 kW max), facilityWatts 12,240, ≈ 1.22 J/token
 */
export function powerDraw(
  input: PowerDrawInput,
): CalcResult<{ itWatts: number; facilityWatts: number; joulesPerToken: number }> {
  const v = parseInput('powerDraw', powerDrawInput, input)
  const d = new Derivation('powerDraw')
  const nodes = d.step(
    'Nodes',
    'nodes = ceil(gpus / gpusPerNode)',
    v,
    Math.ceil(v.gpus / v.gpusPerNode),
    'count',
  )
  const itWatts = d.step(
    'IT power',
    'itWatts = gpus · gpuWatts + nodes · nodeOverheadWatts',
    { ...v, nodes },
    v.gpus * v.gpuWatts + nodes * v.nodeOverheadWatts,
    'W',
  )
  const facilityWatts = d.step(
    'Facility power',
    'facilityWatts = itWatts · pue',
    { ...v, itWatts },
    itWatts * v.pue,
    'W',
  )
  const joulesPerToken = d.step(
    'Energy per token',
    'joulesPerToken = facilityWatts / tokensPerSecond',
    { ...v, facilityWatts },
    facilityWatts / v.tokensPerSecond,
    'J/token',
  )
  return d.finish({ itWatts, facilityWatts, joulesPerToken })
}
