import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Parallel layouts: how tensor, pipeline, data and expert parallelism split a model over GPUs. */

const degree = (label: string, description: string) =>
  withDefault(quantity({ label, description, unit: 'count', integer: true, max: LIMITS.count }), 1)

/** Input of {@link parallelLayout}. */
export const parallelLayoutInput = z
  .strictObject({
    params: quantity({
      label: 'Parameters',
      description: 'Total parameters (all experts for MoE)',
      unit: 'parameters',
      max: LIMITS.params,
    }),
    expertParams: withDefault(
      quantity({
        label: 'Routed-expert parameters',
        description: 'Parameters in routed experts (0 for dense); the rest is split by TP and PP',
        unit: 'parameters',
        min: 0,
        max: LIMITS.params,
      }),
      0,
    ),
    bytesPerParam: quantity({
      label: 'Bytes per parameter',
      description: '2 for bf16 inference, 1 for fp8; ~16 for mixed-precision Adam training without ZeRO',
      unit: 'bytes/parameter',
      max: LIMITS.bytesPerElement,
    }),
    tensorParallel: degree('Tensor parallel', 'GPUs splitting each layer (TP)'),
    pipelineParallel: degree('Pipeline parallel', 'Stages splitting the layers (PP)'),
    dataParallel: degree('Data parallel', 'Model replicas (DP)'),
    expertParallel: degree(
      'Expert parallel',
      'GPUs the routed experts are spread over, each expert whole (EP), drawn from TP × DP; 1 = no EP, experts tensor-split',
    ),
  })
  .superRefine((v, ctx) => {
    if (v.expertParams > v.params) {
      ctx.addIssue({
        code: 'custom',
        path: ['expertParams'],
        message: `cannot exceed the ${v.params} parameters`,
      })
    }
    // The expert-parallel group is formed from the TP × DP ranks of one pipeline stage.
    const group = v.tensorParallel * v.dataParallel
    if (group % v.expertParallel !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['expertParallel'],
        message: `must divide tensor parallel × data parallel (${group})`,
      })
    }
  })
export type ParallelLayoutInput = z.input<typeof parallelLayoutInput>

/**
 * Parameters and weight memory per GPU for a TP × PP × DP (× EP) layout, as in Megatron-LM
 * (Shoeybi et al. 2019; Narayanan et al. 2021) and DeepSeek-V3's expert parallelism: the
 * non-expert weights are split over tensor and pipeline ranks; with expert parallelism (EP > 1)
 * the routed experts are spread over expert and pipeline ranks, each expert whole on one GPU,
 * and without it (EP = 1) each expert is tensor-split like any other layer (what vLLM, SGLang and
 * Megatron-Core do by default); data parallelism replicates both. gpus = TP·PP·DP;
 * expertShards = EP if EP > 1, else TP; paramsPerGpu = (params − expertParams)/(TP·PP) +
 * expertParams/(expertShards·PP);
 * bytesPerGpu = paramsPerGpu · bytesPerParam. Activations, KV cache and ZeRO sharding of
 * optimizer state are not included.
 *
 * @example parallelLayout({ params: 70.6e9, bytesPerParam: 2, tensorParallel: 8 }).bytesPerGpu // ≈ 17.6e9
 */
export function parallelLayout(
  input: ParallelLayoutInput,
): CalcResult<{ gpus: number; paramsPerGpu: number; bytesPerGpu: number }> {
  const v = parseInput('parallelLayout', parallelLayoutInput, input)
  const d = new Derivation('parallelLayout')
  const gpus = d.step(
    'GPUs',
    'gpus = tensorParallel · pipelineParallel · dataParallel',
    v,
    v.tensorParallel * v.pipelineParallel * v.dataParallel,
    'count',
  )
  // Without EP every GPU of a TP group holds a slice of every expert; with EP each holds whole experts.
  const expertShards =
    v.expertParams === 0
      ? v.expertParallel
      : d.step(
          v.expertParallel > 1
            ? 'GPUs of a stage sharing the routed experts (expert parallel)'
            : 'GPUs of a stage sharing the routed experts (no EP: tensor-split)',
          v.expertParallel > 1 ? 'expertShards = expertParallel' : 'expertShards = tensorParallel',
          v,
          v.expertParallel > 1 ? v.expertParallel : v.tensorParallel,
          'count',
        )
  const paramsPerGpu = d.step(
    'Parameters per GPU',
    'paramsPerGpu = (params - expertParams) / (tensorParallel · pipelineParallel) + expertParams / (expertShards · pipelineParallel)',
    { ...v, expertShards },
    (v.params - v.expertParams) / (v.tensorParallel * v.pipelineParallel) +
      v.expertParams / (expertShards * v.pipelineParallel),
    'parameters',
  )
  const bytesPerGpu = d.step(
    'Weight memory per GPU',
    'bytesPerGpu = paramsPerGpu · bytesPerParam',
    { ...v, paramsPerGpu },
    paramsPerGpu * v.bytesPerParam,
    'bytes',
  )
  return d.finish({ gpus, paramsPerGpu, bytesPerGpu })
}
