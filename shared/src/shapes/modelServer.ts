import { z } from 'zod'
import { inspectorFields, labelField } from './inspectorFields.ts'
import { modelIds, modelName } from './presetChoices.ts'
import { label, oneOf, type ShapeSpec, size, wholeNumber } from './shapeSpec.ts'

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
export const modelServerShape: ShapeSpec<typeof modelServerProps, 'model-server'> = {
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
  fields: inspectorFields(modelServerProps, [
    labelField,
    { key: 'engine', label: 'Engine', optionLabel: (id) => servingEngines[id as ServingEngine] },
    { key: 'modelId', label: 'Model', optionLabel: modelName },
    { key: 'replicas', label: 'Replicas' },
    { key: 'tensorParallel', label: 'Tensor parallel' },
    { key: 'pipelineParallel', label: 'Pipeline parallel' },
  ]),
  parts: [
    {
      id: 'model-server',
      name: 'Model server',
      category: 'serving',
      keywords: 'vllm tgi tensorrt sglang inference engine replica llm',
    },
  ],
  category: () => 'serving',
  face: (server) => ({
    badge: servingEngines[server.engine as ServingEngine],
    lines: [{ text: modelName(server.modelId), strong: true }, { text: shardingText(server) }],
  }),
  estimate: ({ label, modelId, replicas, tensorParallel, pipelineParallel }) => ({
    modelServer: { label, modelId, replicas, tensorParallel, pipelineParallel },
  }),
}

/** '2 × TP 8 = 16 GPUs', with '× PP n' when pipelined. */
const shardingText = (server: ModelServerProps) =>
  `${server.replicas} × TP ${server.tensorParallel}${server.pipelineParallel > 1 ? ` × PP ${server.pipelineParallel}` : ''} = ${modelServerGpus(server)} GPUs`
