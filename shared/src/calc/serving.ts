import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity, withDefault } from './fields.ts'
import { HOUR, MEGA } from './units.ts'
import { parseInput } from './validate.ts'

/** Serving capacity: Little's law, fleet size, egress, and cost per token. */

const qps = () =>
  quantity({
    label: 'Requests per second',
    description: 'Mean arrival rate',
    unit: 'requests/s',
    max: LIMITS.rate,
  })
const tokenCount = (label: string, description: string, min?: number) =>
  quantity({
    label,
    description,
    unit: 'tokens',
    integer: true,
    max: LIMITS.tokens,
    ...(min === undefined ? {} : { min }),
  })

/**
 * Rounds up, forgiving floating-point noise: 10.5 / 0.7 is 15.000000000000002 in binary
 * floating point and must give 15 replicas, not 16.
 */
function ceilTolerant(x: number): number {
  return Math.ceil(Number(x.toPrecision(12)))
}

/** Input of {@link littleConcurrency}. */
export const littleConcurrencyInput = z.strictObject({
  arrivalRate: quantity({
    label: 'Arrival rate',
    description: 'Requests arriving per second (λ)',
    unit: 'requests/s',
    max: LIMITS.rate,
  }),
  latency: quantity({
    label: 'Latency',
    description: 'Mean time a request spends in the system (W)',
    unit: 's',
    max: LIMITS.seconds,
  }),
})
export type LittleConcurrencyInput = z.input<typeof littleConcurrencyInput>

/**
 * Little's law (Little 1961): the mean number of requests in a stable system is L = λ · W.
 *
 * @example littleConcurrency({ arrivalRate: 100, latency: 2 }).concurrency // 200 requests in flight
 */
export function littleConcurrency(input: LittleConcurrencyInput): CalcResult<{ concurrency: number }> {
  const v = parseInput('littleConcurrency', littleConcurrencyInput, input)
  const d = new Derivation('littleConcurrency')
  const concurrency = d.step(
    "Requests in flight (Little's law)",
    'concurrency = arrivalRate · latency',
    v,
    v.arrivalRate * v.latency,
    'requests',
  )
  return d.finish({ concurrency })
}

/** Input of {@link servingFleet}. */
export const servingFleetInput = z.strictObject({
  qps: qps(),
  inputTokens: tokenCount('Input tokens', 'Prompt tokens per request', 0),
  outputTokens: tokenCount('Output tokens', 'Generated tokens per request'),
  tokensPerSecondPerReplica: quantity({
    label: 'Tokens/s per replica',
    description: 'Sustained total (prompt + generated) tokens/s of one replica at its serving batch',
    unit: 'tokens/s',
    max: LIMITS.rate,
  }),
  gpusPerReplica: quantity({
    label: 'GPUs per replica',
    description: 'GPUs holding one copy of the model',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  targetUtilization: withDefault(
    quantity({
      label: 'Target utilization',
      description: 'Busy fraction to plan for, leaving burst headroom',
      unit: 'ratio',
      max: 1,
    }),
    0.7,
  ),
})
export type ServingFleetInput = z.input<typeof servingFleetInput>

/**
 * Replicas needed to serve a request rate. The model: a replica processes
 * `tokensPerSecondPerReplica` tokens of any kind, prompt or generated (the "total tokens/s" a
 * throughput benchmark reports with continuous batching and chunked prefill), so a request costs
 * (inputTokens + outputTokens) / tokensPerSecondPerReplica replica-seconds.
 * By Little's law the mean number of busy replicas is concurrency = qps · that cost (the offered
 * load in Erlangs); planning to run each replica at `targetUtilization` gives
 * replicas = ceil(concurrency / targetUtilization) and gpus = replicas · gpusPerReplica.
 * This is throughput sizing only: it does not check latency targets or KV-cache capacity.
 * Since prompt tokens are cheaper than generated ones, counting them equally errs towards more GPUs.
 *
 * @example servingFleet({ qps: 10, inputTokens: 1000, outputTokens: 250, tokensPerSecondPerReplica: 5000, gpusPerReplica: 8 })
 * // concurrency 2.5 busy replicas → replicas 4 at 70% → gpus 32
 */
export function servingFleet(
  input: ServingFleetInput,
): CalcResult<{ replicas: number; gpus: number; concurrency: number }> {
  const v = parseInput('servingFleet', servingFleetInput, input)
  const d = new Derivation('servingFleet')
  const tokensPerRequest = d.step(
    'Tokens per request',
    'tokensPerRequest = inputTokens + outputTokens',
    v,
    v.inputTokens + v.outputTokens,
    'tokens',
  )
  const demand = d.step(
    'Token demand',
    'demand = qps · tokensPerRequest',
    { ...v, tokensPerRequest },
    v.qps * tokensPerRequest,
    'tokens/s',
  )
  const concurrency = d.step(
    "Busy replicas (Little's law: arrival rate × replica-seconds per request)",
    'concurrency = demand / tokensPerSecondPerReplica',
    { ...v, demand },
    demand / v.tokensPerSecondPerReplica,
    'count',
  )
  const replicas = d.step(
    'Replicas at target utilization',
    'replicas = ceil(concurrency / targetUtilization)',
    { ...v, concurrency },
    ceilTolerant(concurrency / v.targetUtilization),
    'count',
  )
  const gpus = d.step(
    'GPUs',
    'gpus = replicas · gpusPerReplica',
    { ...v, replicas },
    replicas * v.gpusPerReplica,
    'count',
  )
  return d.finish({ replicas, gpus, concurrency })
}

/** Input of {@link egressBandwidth}. */
export const egressBandwidthInput = z.strictObject({
  qps: qps(),
  bytesPerResponse: quantity({
    label: 'Bytes per response',
    description: 'Payload sent back per request',
    unit: 'bytes/request',
    max: LIMITS.bytes,
  }),
})
export type EgressBandwidthInput = z.input<typeof egressBandwidthInput>

/**
 * Mean outbound bandwidth: qps · bytesPerResponse. Multiply by a peak-to-mean factor when sizing links.
 *
 * @example egressBandwidth({ qps: 1000, bytesPerResponse: 4000 }).bytesPerSecond // 4e6 (32 Mb/s)
 */
export function egressBandwidth(input: EgressBandwidthInput): CalcResult<{ bytesPerSecond: number }> {
  const v = parseInput('egressBandwidth', egressBandwidthInput, input)
  const d = new Derivation('egressBandwidth')
  const bytesPerSecond = d.step(
    'Egress',
    'bytesPerSecond = qps · bytesPerResponse',
    v,
    v.qps * v.bytesPerResponse,
    'bytes/s',
  )
  return d.finish({ bytesPerSecond })
}

/** Input of {@link costPerMillionTokens}. */
export const costPerMillionTokensInput = z.strictObject({
  gpuHourPrice: quantity({
    label: 'Price per GPU-hour',
    description: 'Cost of one GPU for one hour',
    unit: '$/hour',
    max: 1e6,
  }),
  gpus: quantity({
    label: 'GPUs',
    description: 'GPUs producing the tokens',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  tokensPerSecond: quantity({
    label: 'Tokens per second',
    description: 'Tokens those GPUs produce per second, all together',
    unit: 'tokens/s',
    max: LIMITS.rate,
  }),
})
export type CostPerMillionTokensInput = z.input<typeof costPerMillionTokensInput>

/**
 * Serving cost per million tokens: gpuHourPrice · gpus / 3600 per second of running, divided by
 * the tokens produced in that second, times a million. Assumes the GPUs are paid for whether busy
 * or not, so feed in the throughput actually achieved.
 *
 * @example costPerMillionTokens({ gpuHourPrice: 2, gpus: 8, tokensPerSecond: 4000 }).costPerMillionTokens // ≈ 1.11
 */
export function costPerMillionTokens(
  input: CostPerMillionTokensInput,
): CalcResult<{ costPerMillionTokens: number; costPerHour: number }> {
  const v = parseInput('costPerMillionTokens', costPerMillionTokensInput, input)
  const d = new Derivation('costPerMillionTokens')
  const costPerHour = d.step(
    'Fleet cost per hour',
    'costPerHour = gpuHourPrice · gpus',
    v,
    v.gpuHourPrice * v.gpus,
    '$/hour',
  )
  const costPerSecond = d.step(
    'Fleet cost per second',
    'costPerSecond = costPerHour / 3600',
    { costPerHour },
    costPerHour / HOUR,
    '$/s',
  )
  const cost = d.step(
    'Cost per million tokens',
    'costPerMillionTokens = costPerSecond / tokensPerSecond · 1e6',
    { costPerSecond, tokensPerSecond: v.tokensPerSecond },
    (costPerSecond / v.tokensPerSecond) * MEGA,
    '$/1M tokens',
  )
  return d.finish({ costPerMillionTokens: cost, costPerHour })
}
