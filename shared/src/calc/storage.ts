import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, optional, quantity } from './fields.ts'
import { parseInput } from './validate.ts'

/** Storage: checkpoint write/restore time and capacity with headroom. */

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
