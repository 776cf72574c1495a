import { z } from 'zod'
import { modelChoices, modelIds } from './presetChoices.ts'
import { integerField, label, oneOf, type ShapeSpec, size, wholeNumber } from './shapeSpec.ts'

/** Inference engines a model server can run. */
export const servingEngines = {
  vllm: 'vLLM',
  tgi: 'TGI',
  'tensorrt-llm': 'TensorRT-LLM',
  sglang: 'SGLang',
} as const
/** An inference engine id. */
export type ServingEngine = keyof typeof servingEngines
const engineIds = Object.keys(servingEngines) as [ServingEngine, ...ServingEngine[]]

/**
 * Props of a model server: `replicas` copies of a model, each sharded over
 * tensorParallel × pipelineParallel GPUs.
 */
export const modelServerProps = z.object({
  w: size,
  h: size,
  label: label(),
  engine: oneOf(engineIds, 'engine'),
  modelId: oneOf(modelIds, 'model'),
  replicas: wholeNumber(1, 100_000),
  tensorParallel: wholeNumber(1, 1024),
  pipelineParallel: wholeNumber(1, 1024),
})
/** Props of a model server. */
export type ModelServerProps = z.output<typeof modelServerProps>

/** GPUs a model server asks for: replicas · TP · PP. */
export function modelServerGpus(
  props: Pick<ModelServerProps, 'replicas' | 'tensorParallel' | 'pipelineParallel'>,
) {
  return props.replicas * props.tensorParallel * props.pipelineParallel
}

/** The model server shape: two vLLM replicas of Llama 3 70B at TP 4 unless told otherwise. */
export const modelServerShape: ShapeSpec<typeof modelServerProps> = {
  type: 'model-server',
  props: modelServerProps,
  migrations: [],
  defaults: () => ({
    w: 270,
    h: 104,
    label: 'Model server',
    engine: 'vllm',
    modelId: 'llama-3-70b',
    replicas: 2,
    tensorParallel: 4,
    pipelineParallel: 1,
  }),
  fields: [
    { key: 'label', label: 'Label', input: 'text', maxLength: 120 },
    {
      key: 'engine',
      label: 'Engine',
      input: 'choice',
      options: Object.entries(servingEngines).map(([value, name]) => ({ value, label: name })),
    },
    { key: 'modelId', label: 'Model', input: 'choice', options: modelChoices },
    integerField('replicas', 'Replicas', 1, 100_000),
    integerField('tensorParallel', 'Tensor parallel', 1, 1024),
    integerField('pipelineParallel', 'Pipeline parallel', 1, 1024),
  ],
}
