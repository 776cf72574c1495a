import { LIMITS, quantity } from './fields.ts'

/**
 * Fields several inference calculators share (decode, prefill, KV offload), built once so their
 * labels, units and bounds cannot drift apart. Each call builds a fresh schema, as zod metadata is
 * keyed by schema object.
 */

/** Dense peak FLOP/s of the GPUs doing the work. */
export const peakFlopsField = (description = 'Dense peak of the GPUs serving the model') =>
  quantity({ label: 'Peak FLOP/s', description, unit: 'FLOP/s', max: LIMITS.flopRate })

/** Parameters a token uses. */
export const activeParamsField = () =>
  quantity({
    label: 'Parameters',
    description: 'Parameters used per token (active ones for MoE)',
    unit: 'parameters',
    max: LIMITS.params,
  })

/** Transformer blocks. */
export const layersField = (description: string) =>
  quantity({ label: 'Layers', description, unit: 'count', integer: true, max: LIMITS.count })

/** Query heads × head dimension: the width attention scores are computed over. */
export const attentionDimField = () =>
  quantity({
    label: 'Attention width',
    description: 'Query heads × head dimension (8192 for Llama 3 70B)',
    unit: 'count',
    integer: true,
    max: LIMITS.dimension,
  })
