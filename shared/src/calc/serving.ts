import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, optional, quantity, withDefault } from './fields.ts'
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
/** A mean token count per request: zero and fractions allowed. */
const meanTokens = (label: string, description: string) =>
  quantity({ label, description, unit: 'tokens', min: 0, max: LIMITS.tokens })

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

const tokensPerSecondPerReplica = (label: string, description: string) =>
  optional(quantity({ label, description, unit: 'tokens/s', max: LIMITS.rate }))

/** Input of {@link servingFleet}. */
export const servingFleetInput = z
  .strictObject({
    qps: qps(),
    inputTokens: meanTokens('Input tokens', 'Mean prompt tokens per request'),
    outputTokens: meanTokens('Output tokens', 'Mean generated tokens per request'),
    cachedInputFraction: withDefault(
      quantity({
        label: 'Cached input fraction',
        description: 'Share of prompt tokens served from a prefix (KV) cache, so not prefilled',
        unit: 'ratio',
        min: 0,
        max: 1,
      }),
      0,
    ),
    prefillTokensPerSecondPerReplica: tokensPerSecondPerReplica(
      'Prefill tokens/s per replica',
      'Prompt tokens one replica prefills per second (compute-bound); give with the decode rate',
    ),
    decodeTokensPerSecondPerReplica: tokensPerSecondPerReplica(
      'Decode tokens/s per replica',
      'Generated tokens one replica emits per second at its serving batch (bandwidth-bound)',
    ),
    tokensPerSecondPerReplica: tokensPerSecondPerReplica(
      'Tokens/s per replica (single rate)',
      'Instead of the two rates: total (prompt + generated) tokens/s of one replica, as throughput benchmarks report',
    ),
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
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (v.decodeTokensPerSecondPerReplica === undefined && v.tokensPerSecondPerReplica === undefined) {
      issue('decodeTokensPerSecondPerReplica', 'is required (with the prefill rate), or give the single rate')
    } else if (
      v.prefillTokensPerSecondPerReplica === undefined &&
      v.tokensPerSecondPerReplica === undefined
    ) {
      issue('prefillTokensPerSecondPerReplica', 'is required with the decode rate, or give the single rate')
    }
    if (v.inputTokens * (1 - v.cachedInputFraction) + v.outputTokens <= 0) {
      issue('outputTokens', 'must be above 0 when no prompt token is left to prefill')
    }
  })
export type ServingFleetInput = z.input<typeof servingFleetInput>

/**
 * Replicas needed to serve a request rate. A request costs replica-seconds:
 * with the two rates (prefill by FLOPs, decode by bandwidth; either one, if missing, is taken
 * from the single rate),
 * inputTokens·(1 − cachedInputFraction)/prefillRate + outputTokens/decodeRate;
 * with the single rate (the "total tokens/s" of a throughput benchmark with continuous batching),
 * (inputTokens·(1 − cachedInputFraction) + outputTokens)/rate. By Little's law the mean number of
 * busy replicas is concurrency = qps · that cost (offered load in Erlangs), split into
 * prefillConcurrency and decodeConcurrency; planning to run each replica at `targetUtilization`
 * gives replicas = ceil(concurrency / targetUtilization) and gpus = replicas · gpusPerReplica.
 * Token counts are means, so fractions are fine. Throughput sizing only: it does not check
 * latency targets or KV-cache capacity.
 *
 * @example servingFleet({ qps: 10, inputTokens: 1000, outputTokens: 250, tokensPerSecondPerReplica: 5000, gpusPerReplica: 8 })
 * // concurrency 2.5 busy replicas → replicas 4 at 70% → gpus 32
 */
export function servingFleet(input: ServingFleetInput): CalcResult<{
  replicas: number
  gpus: number
  concurrency: number
  prefillConcurrency: number
  decodeConcurrency: number
}> {
  const v = parseInput('servingFleet', servingFleetInput, input)
  const d = new Derivation('servingFleet')
  const prefillTokens = d.step(
    'Prompt tokens prefilled per request (cache misses)',
    'prefillTokens = inputTokens · (1 - cachedInputFraction)',
    v,
    v.inputTokens * (1 - v.cachedInputFraction),
    'tokens',
  )
  // A phase's own rate wins; the single rate stands in for a phase without one (validation
  // guarantees one of the two is there, so the final fallback is never used).
  const prefillRateName =
    v.prefillTokensPerSecondPerReplica === undefined
      ? 'tokensPerSecondPerReplica'
      : 'prefillTokensPerSecondPerReplica'
  const decodeRateName =
    v.decodeTokensPerSecondPerReplica === undefined
      ? 'tokensPerSecondPerReplica'
      : 'decodeTokensPerSecondPerReplica'
  const prefillRate = v.prefillTokensPerSecondPerReplica ?? v.tokensPerSecondPerReplica ?? Number.NaN
  const decodeRate = v.decodeTokensPerSecondPerReplica ?? v.tokensPerSecondPerReplica ?? Number.NaN
  const prefillConcurrency = d.step(
    "Replicas busy prefilling (Little's law: arrivals × replica-seconds each)",
    `prefillConcurrency = qps · prefillTokens / ${prefillRateName}`,
    { ...v, prefillTokens },
    (v.qps * prefillTokens) / prefillRate,
    'count',
  )
  const decodeConcurrency = d.step(
    'Replicas busy decoding',
    `decodeConcurrency = qps · outputTokens / ${decodeRateName}`,
    v,
    (v.qps * v.outputTokens) / decodeRate,
    'count',
  )
  const concurrency = d.step(
    'Busy replicas',
    'concurrency = prefillConcurrency + decodeConcurrency',
    { prefillConcurrency, decodeConcurrency },
    prefillConcurrency + decodeConcurrency,
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
  return d.finish({ replicas, gpus, concurrency, prefillConcurrency, decodeConcurrency })
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

/** Input of {@link tokenCostSplit}. */
export const tokenCostSplitInput = z.strictObject({
  gpuHourPrice: quantity({
    label: 'Price per GPU-hour',
    description: 'Cost of one GPU for one hour (DeepSeek prices an H800 at $2)',
    unit: '$/hour',
    max: 1e6,
  }),
  gpusPerReplica: quantity({
    label: 'GPUs per replica',
    description: 'GPUs of one serving replica (or node)',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  prefillTokensPerSecondPerReplica: quantity({
    label: 'Prefill tokens/s per replica',
    description: 'Prompt tokens one replica prefills per second while prefilling',
    unit: 'tokens/s',
    max: LIMITS.rate,
  }),
  decodeTokensPerSecondPerReplica: quantity({
    label: 'Decode tokens/s per replica',
    description: 'Generated tokens one replica emits per second while decoding',
    unit: 'tokens/s',
    max: LIMITS.rate,
  }),
  utilization: withDefault(
    quantity({
      label: 'Utilization',
      description: 'Busy fraction of the paid-for GPU time',
      unit: 'ratio',
      max: 1,
    }),
    1,
  ),
})
export type TokenCostSplitInput = z.input<typeof tokenCostSplitInput>

/**
 * Cost per million prompt (input) and generated (output) tokens when a replica's time is spent
 * on one or the other: a replica costs gpuHourPrice · gpusPerReplica per hour, and a million
 * tokens take 1e6 / rate replica-seconds, so cost = costPerSecond · 1e6 / (rate · utilization).
 * Prompt tokens are cheaper because prefill is compute-bound and batches thousands of tokens per
 * step. Tokens served from a prefix cache are not prefilled and cost (almost) nothing here.
 *
 * @example tokenCostSplit({ gpuHourPrice: 2, gpusPerReplica: 8, prefillTokensPerSecondPerReplica: 73_700, decodeTokensPerSecondPerReplica: 14_800 })
 * // input ≈ $0.060, output ≈ $0.30 per 1M tokens: DeepSeek's H800 nodes (open-infra-index day 6)
 */
export function tokenCostSplit(input: TokenCostSplitInput): CalcResult<{
  inputCostPerMillionTokens: number
  outputCostPerMillionTokens: number
  costPerHour: number
}> {
  const v = parseInput('tokenCostSplit', tokenCostSplitInput, input)
  const d = new Derivation('tokenCostSplit')
  const costPerHour = d.step(
    'Replica cost per hour',
    'costPerHour = gpuHourPrice · gpusPerReplica',
    v,
    v.gpuHourPrice * v.gpusPerReplica,
    '$/hour',
  )
  const costPerSecond = d.step(
    'Replica cost per busy second',
    'costPerSecond = costPerHour / 3600 / utilization',
    { costPerHour, utilization: v.utilization },
    costPerHour / HOUR / v.utilization,
    '$/s',
  )
  const inputCost = d.step(
    'Cost per million prompt tokens',
    'inputCost = costPerSecond / prefillTokensPerSecondPerReplica · 1e6',
    { ...v, costPerSecond },
    (costPerSecond / v.prefillTokensPerSecondPerReplica) * MEGA,
    '$/1M tokens',
  )
  const outputCost = d.step(
    'Cost per million generated tokens',
    'outputCost = costPerSecond / decodeTokensPerSecondPerReplica · 1e6',
    { ...v, costPerSecond },
    (costPerSecond / v.decodeTokensPerSecondPerReplica) * MEGA,
    '$/1M tokens',
  )
  return d.finish({
    inputCostPerMillionTokens: inputCost,
    outputCostPerMillionTokens: outputCost,
    costPerHour,
  })
}

/** Input of {@link fanOutTail}. */
export const fanOutTailInput = z.strictObject({
  perCallProbability: quantity({
    label: 'Slow chance per call',
    description: 'Chance one backend call is slow (0.01 for "slower than its p99")',
    unit: 'ratio',
    min: 0,
    max: 1,
  }),
  calls: quantity({
    label: 'Calls per request',
    description: 'Independent backend calls (shards, replicas) a request waits for',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
})
export type FanOutTailInput = z.input<typeof fanOutTailInput>

/**
 * Chance that a request fanning out to n independent calls, waiting for all of them, meets at
 * least one slow call: 1 − (1 − p)ⁿ (Dean & Barroso, "The Tail at Scale", CACM 2013: with a 1%
 * chance of a 1 s response per server, a request to 100 servers is slow 63% of the time). So a
 * wide fan-out's typical request sees its shards' tail latency.
 *
 * @example fanOutTail({ perCallProbability: 0.01, calls: 100 }).probability // ≈ 0.634
 */
export function fanOutTail(input: FanOutTailInput): CalcResult<{ probability: number }> {
  const v = parseInput('fanOutTail', fanOutTailInput, input)
  const d = new Derivation('fanOutTail')
  const probability = d.step(
    'Chance at least one call is slow',
    'probability = 1 - (1 - perCallProbability)^calls',
    v,
    1 - (1 - v.perCallProbability) ** v.calls,
    'ratio',
  )
  return d.finish({ probability })
}

const pricePerMillion = (label: string, description: string) =>
  quantity({ label, description, unit: '$/1M tokens', min: 0, max: 1e6 })

/** Input of {@link requestCost}. */
export const requestCostInput = z.strictObject({
  inputTokens: meanTokens('Input tokens', 'Prompt tokens sent, all calls together'),
  outputTokens: meanTokens('Output tokens', 'Tokens generated, all calls together'),
  inputPricePerMillion: pricePerMillion('Input price', 'Price per million uncached prompt tokens'),
  outputPricePerMillion: pricePerMillion('Output price', 'Price per million generated tokens'),
  cachedInputFraction: withDefault(
    quantity({
      label: 'Cached input fraction',
      description: 'Share of prompt tokens read from a prefix cache and billed at the cached price',
      unit: 'ratio',
      min: 0,
      max: 1,
    }),
    0,
  ),
  cachedInputPricePerMillion: optional(
    pricePerMillion(
      'Cached input price',
      'Price per million cached prompt tokens (the input price if not given)',
    ),
  ),
})
export type RequestCostInput = z.input<typeof requestCostInput>

/**
 * What a request (or an agent's whole task) costs at per-token prices: uncached prompt tokens
 * at the input price, cached ones at the cached price (providers bill prefix-cache hits at a
 * fraction of the input price, e.g. a tenth on OpenAI's and Anthropic's price lists), and
 * generated tokens at the output price, each per million.
 *
 * @example requestCost({ inputTokens: 1.5e6, outputTokens: 0, inputPricePerMillion: 0.2, outputPricePerMillion: 1 }).cost // 0.30
 */
export function requestCost(
  input: RequestCostInput,
): CalcResult<{ cost: number; inputCost: number; outputCost: number }> {
  const v = parseInput('requestCost', requestCostInput, input)
  const d = new Derivation('requestCost')
  const cachedPrice = v.cachedInputPricePerMillion ?? v.inputPricePerMillion
  const inputCost = d.step(
    'Prompt tokens',
    'inputCost = inputTokens · ((1 - cachedInputFraction) · inputPricePerMillion + cachedInputFraction · cachedPrice) / 1e6',
    { ...v, cachedPrice },
    (v.inputTokens *
      ((1 - v.cachedInputFraction) * v.inputPricePerMillion + v.cachedInputFraction * cachedPrice)) /
      MEGA,
    '$',
  )
  const outputCost = d.step(
    'Generated tokens',
    'outputCost = outputTokens · outputPricePerMillion / 1e6',
    v,
    (v.outputTokens * v.outputPricePerMillion) / MEGA,
    '$',
  )
  const cost = d.step(
    'Cost',
    'cost = inputCost + outputCost',
    { inputCost, outputCost },
    inputCost + outputCost,
    '$',
  )
  return d.finish({ cost, inputCost, outputCost })
}
