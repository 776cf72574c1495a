import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, optional, quantity } from './fields.ts'
import { parseInput } from './validate.ts'

/** Reliability of large training jobs: failure interval, checkpoint cadence and goodput. */

const seconds = (label: string, description: string, min?: number) =>
  quantity({ label, description, unit: 's', max: LIMITS.seconds, ...(min === undefined ? {} : { min }) })

/** Input of {@link goodput}. */
export const goodputInput = z.strictObject({
  gpus: quantity({
    label: 'GPUs',
    description: 'GPUs in the job; any one failing stops it',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  gpuMtbfSeconds: seconds(
    'Per-GPU MTBF',
    'Mean time between job-stopping failures per GPU (Llama 3 on H100: 1.82e8 s ≈ 5.8 years)',
  ),
  checkpointSeconds: seconds('Checkpoint time', 'Time the job stalls to write one checkpoint (C)'),
  restartSeconds: seconds('Restart time', 'Time to detect a failure, restart and reload (R)', 0),
  checkpointIntervalSeconds: optional(
    seconds('Checkpoint interval', "Compute time between checkpoints (τ); empty for Young's optimum"),
  ),
})
export type GoodputInput = z.input<typeof goodputInput>

/**
 * Goodput of a synchronous job that any single GPU failure stops. Failures are independent, so
 * the job's failure interval is M = gpuMtbfSeconds / gpus. Checkpointing every τ seconds of
 * compute costs C/τ; each failure loses R to restart plus, on average, τ/2 of work since the
 * last checkpoint, so to first order goodput = 1 − C/τ − (R + τ/2)/M. Young's optimum
 * (Young 1974, "A first order approximation to the optimum checkpoint interval") τ = √(2·C·M)
 * minimizes the loss and is used when no interval is given. First order means C, R, τ ≪ M; a
 * result below zero means the job makes no progress and is reported as 0.
 *
 * @example goodput({ gpus: 16_384, gpuMtbfSeconds: 1.8244e8, checkpointSeconds: 60, restartSeconds: 600 })
 * // failure interval ≈ 11,135 s (Llama 3: 419 interruptions in 54 days), τ ≈ 1,156 s, goodput ≈ 0.84
 */
export function goodput(
  input: GoodputInput,
): CalcResult<{ failureIntervalSeconds: number; checkpointIntervalSeconds: number; goodput: number }> {
  const v = parseInput('goodput', goodputInput, input)
  const d = new Derivation('goodput')
  const failureIntervalSeconds = d.step(
    'Job failure interval (any GPU stops the job)',
    'failureIntervalSeconds = gpuMtbfSeconds / gpus',
    v,
    v.gpuMtbfSeconds / v.gpus,
    's',
  )
  const checkpointIntervalSeconds =
    v.checkpointIntervalSeconds ??
    d.step(
      "Checkpoint interval (Young's optimum)",
      'checkpointIntervalSeconds = sqrt(2 · checkpointSeconds · failureIntervalSeconds)',
      { ...v, failureIntervalSeconds },
      Math.sqrt(2 * v.checkpointSeconds * failureIntervalSeconds),
      's',
    )
  const raw = d.step(
    'Goodput (first order): checkpoint overhead, restart and lost work',
    'goodput = 1 - checkpointSeconds / checkpointIntervalSeconds - (restartSeconds + checkpointIntervalSeconds / 2) / failureIntervalSeconds',
    { ...v, checkpointIntervalSeconds, failureIntervalSeconds },
    1 -
      v.checkpointSeconds / checkpointIntervalSeconds -
      (v.restartSeconds + checkpointIntervalSeconds / 2) / failureIntervalSeconds,
    'ratio',
  )
  const result =
    raw >= 0
      ? raw
      : d.step('No progress: losses exceed the time available', 'goodput = max(0, goodput)', {}, 0, 'ratio')
  return d.finish({ failureIntervalSeconds, checkpointIntervalSeconds, goodput: result })
}
