import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, optional, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Storage: checkpoint write/restore time, capacity with headroom, retained bytes, vector-index size. */

const bandwidth = (label: string, description: string) =>
  quantity({ label, description, unit: 'bytes/s', max: LIMITS.bandwidth })

/** Input of {@link checkpointTime}. */
export const checkpointTimeInput = z.strictObject({
  bytes: quantity({
    label: 'Checkpoint bytes',
    description: 'Bytes written per checkpoint (e.g. model states from trainingStateBytes)',
    unit: 'bytes',
    max: LIMITS.bytes,
  }),
  writeBandwidth: bandwidth('Write bandwidth', 'Aggregate write bandwidth of the storage tier'),
  readBandwidth: optional(
    bandwidth('Read bandwidth', 'Aggregate read bandwidth for restore; same as write if omitted'),
  ),
})
export type CheckpointTimeInput = z.input<typeof checkpointTimeInput>

/**
 * Time to write a checkpoint and to restore it: bytes / writeBandwidth and bytes / readBandwidth.
 * These are transfer times only; a job blocks for the write unless checkpointing is asynchronous.
 *
 * @example checkpointTime({ bytes: 6.5e12, writeBandwidth: 100e9, readBandwidth: 200e9 })
 * // writeSeconds 65, restoreSeconds 32.5
 */
export function checkpointTime(
  input: CheckpointTimeInput,
): CalcResult<{ writeSeconds: number; restoreSeconds: number }> {
  const v = parseInput('checkpointTime', checkpointTimeInput, input)
  const d = new Derivation('checkpointTime')
  const readBandwidth = v.readBandwidth ?? v.writeBandwidth
  const writeSeconds = d.step(
    'Write time',
    'writeSeconds = bytes / writeBandwidth',
    v,
    v.bytes / v.writeBandwidth,
    's',
  )
  const restoreSeconds = d.step(
    'Restore time',
    'restoreSeconds = bytes / readBandwidth',
    { bytes: v.bytes, readBandwidth },
    v.bytes / readBandwidth,
    's',
  )
  return d.finish({ writeSeconds, restoreSeconds })
}

/** Input of {@link storageWithHeadroom}. */
export const storageWithHeadroomInput = z.strictObject({
  bytes: quantity({
    label: 'Data bytes',
    description: 'Bytes that must be stored',
    unit: 'bytes',
    max: LIMITS.bytes,
  }),
  fillFraction: quantity({
    label: 'Fill fraction',
    description: 'Highest fraction of capacity you are willing to use (e.g. 0.7)',
    unit: 'ratio',
    max: 1,
  }),
})
export type StorageWithHeadroomInput = z.input<typeof storageWithHeadroomInput>

/**
 * Capacity to provision so the data fills only `fillFraction` of it: bytes / fillFraction.
 * Headroom covers growth, compaction and rebalancing, which degrade as disks approach full.
 *
 * @example storageWithHeadroom({ bytes: 70e12, fillFraction: 0.7 }).provisionedBytes // 1e14
 */
export function storageWithHeadroom(
  input: StorageWithHeadroomInput,
): CalcResult<{ provisionedBytes: number }> {
  const v = parseInput('storageWithHeadroom', storageWithHeadroomInput, input)
  const d = new Derivation('storageWithHeadroom')
  const provisionedBytes = d.step(
    'Capacity to provision',
    'provisionedBytes = bytes / fillFraction',
    v,
    v.bytes / v.fillFraction,
    'bytes',
  )
  return d.finish({ provisionedBytes })
}

/** Input of {@link retainedBytes}. */
export const retainedBytesInput = z.strictObject({
  bytesPerSecond: bandwidth('Write rate', 'Mean bytes per second written (e.g. a log or stream ingest rate)'),
  seconds: quantity({
    label: 'Retention',
    description: 'How long the data is kept',
    unit: 's',
    max: LIMITS.seconds,
  }),
  replication: withDefault(
    quantity({
      label: 'Copies',
      description: 'Replication factor (3 for three replicas; 1.5 for a 6+3 erasure code)',
      unit: 'count',
      min: 1,
      max: 100,
    }),
    1,
  ),
})
export type RetainedBytesInput = z.input<typeof retainedBytesInput>

/**
 * Bytes held by a store that keeps what arrives for a retention window: bytesPerSecond · seconds
 * per copy, times the replication factor. Use the mean rate, not the peak: retention integrates
 * over the daily cycle.
 *
 * @example retainedBytes({ bytesPerSecond: 2.5e12 / 86400, seconds: 7 * 86400, replication: 3 }).bytes // 52.5e12
 */
export function retainedBytes(
  input: RetainedBytesInput,
): CalcResult<{ bytesPerCopy: number; bytes: number }> {
  const v = parseInput('retainedBytes', retainedBytesInput, input)
  const d = new Derivation('retainedBytes')
  const bytesPerCopy = d.step(
    'Bytes written over the retention window',
    'bytesPerCopy = bytesPerSecond · seconds',
    v,
    v.bytesPerSecond * v.seconds,
    'bytes',
  )
  const bytes = d.step(
    'Bytes held, all copies',
    'bytes = bytesPerCopy · replication',
    { bytesPerCopy, replication: v.replication },
    bytesPerCopy * v.replication,
    'bytes',
  )
  return d.finish({ bytesPerCopy, bytes })
}

/** Input of {@link vectorIndexBytes}. */
export const vectorIndexBytesInput = z.strictObject({
  vectors: quantity({
    label: 'Vectors',
    description: 'Embeddings in the index (documents or chunks)',
    unit: 'count',
    integer: true,
    max: LIMITS.tokens,
  }),
  dimensions: quantity({
    label: 'Dimensions',
    description:
      'Elements stored per vector: the embedding width, or the code count M for product quantization',
    unit: 'count',
    integer: true,
    max: LIMITS.dimension,
  }),
  bytesPerDimension: quantity({
    label: 'Bytes per dimension',
    description: '4 FP32, 2 FP16, 1 int8 or one PQ code, 0.125 binary',
    unit: 'bytes/element',
    max: LIMITS.bytesPerElement,
  }),
  overheadFactor: withDefault(
    quantity({
      label: 'Overhead factor',
      description:
        'Index structure on top of the raw vectors (graph links, IDs, lists); 1 for the vectors alone',
      unit: 'ratio',
      min: 1,
      max: 100,
    }),
    1,
  ),
})
export type VectorIndexBytesInput = z.input<typeof vectorIndexBytesInput>

/**
 * Memory of a vector index: vectors · dimensions · bytesPerDimension, times an overhead factor
 * for the index structure. A flat index stores d floats per vector; product quantization stores
 * M one-byte codes per vector; HNSW adds its graph links on top (the Faiss wiki's "Guidelines to
 * choose an index" lists these per-vector sizes).
 *
 * @example vectorIndexBytes({ vectors: 1e9, dimensions: 768, bytesPerDimension: 2 }).bytes // 1.536e12 (1.5 TB)
 */
export function vectorIndexBytes(
  input: VectorIndexBytesInput,
): CalcResult<{ bytesPerVector: number; bytes: number }> {
  const v = parseInput('vectorIndexBytes', vectorIndexBytesInput, input)
  const d = new Derivation('vectorIndexBytes')
  const bytesPerVector = d.step(
    'Bytes per vector',
    'bytesPerVector = dimensions · bytesPerDimension',
    v,
    v.dimensions * v.bytesPerDimension,
    'bytes',
  )
  const bytes = d.step(
    'Index size',
    'bytes = vectors · bytesPerVector · overheadFactor',
    { ...v, bytesPerVector },
    v.vectors * bytesPerVector * v.overheadFactor,
    'bytes',
  )
  return d.finish({ bytesPerVector, bytes })
}
