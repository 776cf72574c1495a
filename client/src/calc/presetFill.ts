import type { CalcFieldEntry, CalcPresetKind } from '@roofline/shared'
import type { CalculatorInfo, FieldInfo } from '@roofline/shared/calc'
import {
  type GpuPreset,
  gpuHourPrices,
  type LinkPreset,
  type ModelPreset,
  NCCL_RING_BASE_LATENCY,
  reliability,
} from '@roofline/shared/presets'
import { bestUnitFor, fromSI, unitFamily } from './unitOptions.ts'

/**
 * Which calculator inputs a model, GPU or link preset fills, and with what: each value is
 * written as text in a readable unit (3.35 TB/s, 70.55 billion params), exactly as if typed,
 * so the other participant sees the same text and the same conversion. The field's name says
 * which figure; where it is ambiguous the registry entry's `presetFill` decides.
 */

/** The presets chosen in the panel. */
export interface ChosenPresets {
  model?: ModelPreset | undefined
  gpu?: GpuPreset | undefined
  link?: LinkPreset | undefined
}

/** Bytes per weight or cache element assumed when a model is chosen and none is typed: bf16. */
const DEFAULT_PRECISION_BYTES = 2

type Filler = (field: FieldInfo, calculator: CalculatorInfo, presets: ChosenPresets) => number | undefined

/** How a preset fills a field: its kind, the figure, and (when the name is ambiguous) where it applies. */
interface FieldFiller {
  kind: CalcPresetKind
  value: Filler
  applies?: (field: FieldInfo, calculator: CalculatorInfo) => boolean
}

/** Per field name: the preset figure that fills it, in SI units. */
const FILLERS: Readonly<Record<string, FieldFiller>> = {
  params: {
    kind: 'model',
    value: (_f, c, { model }) =>
      model ? (c.presetFill?.params === 'active' ? model.activeParams : model.params) : undefined,
  },
  layers: { kind: 'model', value: (_f, _c, { model }) => model?.layers },
  hidden: { kind: 'model', value: (_f, _c, { model }) => model?.hidden },
  heads: { kind: 'model', value: (_f, _c, { model }) => model?.heads },
  // Multi-head latent attention caches one compressed vector per layer: the kvCache calculator
  // models it as one KV head of half the cached width (see its doc comment).
  kvHeads: { kind: 'model', value: (_f, _c, { model }) => (model?.attention === 'mla' ? 1 : model?.kvHeads) },
  headDim: {
    kind: 'model',
    value: (_f, _c, { model }) =>
      model?.attention === 'mla' ? model.kvElementsPerTokenPerLayer / 2 : model?.headDim,
  },
  // decodeStep's weightBytes is the bytes streamed per step; trainingStateBytes' is per parameter.
  weightBytes: {
    kind: 'model',
    value: (_f, _c, { model }) => (model ? model.activeParams * DEFAULT_PRECISION_BYTES : undefined),
    applies: (f) => f.unit === 'bytes',
  },
  // Query heads × head dimension: the width attention scores are computed over.
  attentionDim: {
    kind: 'model',
    value: (_f, _c, { model }) => (model ? model.heads * model.headDim : undefined),
  },
  kvBytesPerToken: {
    kind: 'model',
    value: (_f, _c, { model }) =>
      model ? model.layers * model.kvElementsPerTokenPerLayer * DEFAULT_PRECISION_BYTES : undefined,
  },
  // Mixture-of-experts split: the routed experts, and everything every token reads.
  experts: { kind: 'model', value: (_f, _c, { model }) => model?.moe?.experts },
  expertsPerToken: { kind: 'model', value: (_f, _c, { model }) => model?.moe?.expertsPerToken },
  expertBytes: {
    kind: 'model',
    value: (_f, _c, { model }) => (model?.moe ? model.moe.routedParams * DEFAULT_PRECISION_BYTES : undefined),
  },
  denseBytes: {
    kind: 'model',
    value: (_f, _c, { model }) =>
      model?.moe ? (model.params - model.moe.routedParams) * DEFAULT_PRECISION_BYTES : undefined,
  },
  expertParams: {
    kind: 'model',
    value: (_f, _c, { model }) => (model ? (model.moe?.routedParams ?? 0) : undefined),
  },
  peakFlops: { kind: 'gpu', value: (_f, _c, { gpu }) => gpu?.bf16DenseFlops },
  gpuWatts: { kind: 'gpu', value: (_f, _c, { gpu }) => gpu?.powerWatts ?? undefined },
  gpuHourPrice: {
    kind: 'gpu',
    value: (_f, _c, { gpu }) => gpuHourPrices.find((p) => p.gpuId === gpu?.id)?.pricePerHour,
  },
  // A GPU's own measured MTBF where one is published; otherwise Llama 3's H100 figure, the
  // largest published measurement, as the reference.
  gpuMtbfSeconds: {
    kind: 'gpu',
    value: (_f, _c, { gpu }) =>
      gpu ? (reliability.find((r) => r.gpuId === gpu.id) ?? reliability[0])?.gpuMtbfSeconds : undefined,
  },
  peakFlopsPerGpu: { kind: 'gpu', value: (_f, _c, { gpu }) => gpu?.bf16DenseFlops },
  memBandwidth: { kind: 'gpu', value: (_f, _c, { gpu }) => gpu?.hbmBandwidth },
  bandwidth: { kind: 'link', value: (_f, _c, { link }) => link?.bandwidthPerDirection },
  busBandwidth: { kind: 'link', value: (_f, _c, { link }) => link?.bandwidthPerDirection },
  reloadBandwidth: { kind: 'link', value: (_f, _c, { link }) => link?.bandwidthPerDirection },
  hopLatency: { kind: 'link', value: (_f, _c, { link }) => link?.hopLatency },
  // Only where the entry says the latency is a link's (`presetFill.latency`): a transfer pays
  // one hop; a collective pays NCCL's fixed start-up plus a hop per ring step.
  latency: {
    kind: 'link',
    value: (_f, c, { link }) =>
      link ? (c.presetFill?.latency === 'ncclRing' ? NCCL_RING_BASE_LATENCY : link.hopLatency) : undefined,
    applies: (_f, c) => c.presetFill?.latency !== undefined,
  },
}

/** The filler of a field in a calculator, if a preset fills it there. */
function fillerFor(field: FieldInfo, calculator: CalculatorInfo): FieldFiller | undefined {
  const filler = FILLERS[field.name]
  return filler && (filler.applies?.(field, calculator) ?? true) ? filler : undefined
}

/** Precision fields filled with bf16 when a model is applied and they are still empty. */
const PRECISION_FIELDS = new Set(['bytesPerElement', 'bytesPerParam'])

/**
 * The preset kinds that fill at least one input of `calculator`.
 *
 * @example presetKindsFor(calculatorById('roofline')!) // ['gpu']
 */
export function presetKindsFor(calculator: CalculatorInfo): CalcPresetKind[] {
  const kinds = new Set<CalcPresetKind>()
  for (const field of calculator.fields) {
    const filler = fillerFor(field, calculator)
    if (filler) kinds.add(filler.kind)
  }
  return (['model', 'gpu', 'link'] as const).filter((k) => kinds.has(k))
}

/**
 * The entries the chosen presets write into `calculator`, given what is typed now. Only
 * `kinds` are applied (e.g. just the GPU when the GPU menu changed).
 *
 * @example presetEntries(kvCache, { model: llama70b }, {}, ['model'])
 * // { layers: { raw: '80', unit: '' }, kvHeads: { raw: '8', unit: '' }, headDim: ..., bytesPerElement: { raw: '2', unit: 'B/elem' } }
 */
export function presetEntries(
  calculator: CalculatorInfo,
  presets: ChosenPresets,
  current: Readonly<Record<string, CalcFieldEntry>>,
  kinds: readonly CalcPresetKind[] = ['model', 'gpu', 'link'],
): Record<string, CalcFieldEntry> {
  const entries: Record<string, CalcFieldEntry> = {}
  for (const field of calculator.fields) {
    const filler = fillerFor(field, calculator)
    const value = filler && kinds.includes(filler.kind) ? filler.value(field, calculator, presets) : undefined
    if (value !== undefined) {
      entries[field.name] = asTyped(field, value)
    } else if (
      presets.model &&
      kinds.includes('model') &&
      PRECISION_FIELDS.has(field.name) &&
      !current[field.name]?.raw.trim()
    ) {
      entries[field.name] = asTyped(field, DEFAULT_PRECISION_BYTES)
    }
  }
  return entries
}

/**
 * An SI value as the text and unit a person would type. Six significant digits keep every
 * datasheet figure exact (3.35 TB/s, 989 TFLOP/s) and an exact parameter count readable
 * (70.5537 billion rather than 70.553706496), well inside back-of-envelope precision.
 */
function asTyped(field: FieldInfo, si: number): CalcFieldEntry {
  const family = unitFamily(field.unit)
  const unit = family.base === '' ? '' : bestUnitFor(field.unit, si)
  return { raw: String(Number(fromSI(si, field.unit, unit).toPrecision(6))), unit }
}
