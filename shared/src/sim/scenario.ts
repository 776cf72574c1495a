import { z } from 'zod'

/**
 * The scenario a run simulates, as data (zod): arrivals, request lengths, the pools along the
 * serving path (or plain queues), the KV link between prefill and decode, SLOs, price and the
 * perturbations a stress card applies. All figures are SI: seconds, bytes, bytes/s, tokens.
 */

const positive = (what: string, max: number) =>
  z
    .number(`${what} must be a number`)
    .positive(`${what} must be above 0`)
    .max(max, `${what} must be at most ${max}`)
const share = (what: string) =>
  z
    .number(`${what} must be a number`)
    .min(0, `${what} must be at least 0`)
    .max(1, `${what} must be at most 1`)
const whole = (what: string, min: number, max: number) =>
  z.number(`${what} must be a number`).int(`${what} must be a whole number`).min(min).max(max)
const id = z.string().min(1, 'an id must not be empty').max(120)

/** Longest run, seconds: a day of simulated time. */
export const MAX_SECONDS = 86_400

/** How a length varies around its mean. */
export const lengthDistributions = ['fixed', 'exponential', 'lognormal'] as const

/** Token lengths of prompts or outputs: a mean and how they spread around it. */
export const tokenLength = z.strictObject({
  mean: positive('mean tokens', 1e7),
  distribution: z.enum(lengthDistributions).default('lognormal'),
  /** Spread of the log for 'lognormal' (σ of ln length); 0.8 is a typical chat spread. */
  sigma: positive('sigma', 4).default(0.8),
})

/** What requests carry: prompt and output lengths and how much of the prompt is a shared prefix. */
export const requestMix = z.strictObject({
  promptTokens: tokenLength.default({ mean: 1000, distribution: 'lognormal', sigma: 0.8 }),
  outputTokens: tokenLength.default({ mean: 250, distribution: 'lognormal', sigma: 0.8 }),
  /** Share of each prompt that is a prefix shared with other requests of its group (system prompts). */
  sharedPrefixFraction: share('shared prefix fraction').default(0),
  /** Distinct shared prefixes; a replica remembers the most recent `prefixCacheGroups` of them. */
  prefixGroups: whole('prefix groups', 1, 1_000_000).default(64),
})

/** One step of a load profile: from `at` seconds on, requests arrive at `rate` a second. */
export const profilePoint = z.strictObject({ at: z.number().min(0), rate: z.number().min(0).max(1e7) })

/** A plain queue: `servers` identical servers, FIFO, exponential or fixed service time. */
export const queuePool = z.strictObject({
  kind: z.literal('queue'),
  id,
  servers: whole('servers', 1, 1_000_000),
  meanServiceSeconds: positive('mean service seconds', 1e6),
  service: z.enum(['exponential', 'fixed']),
})

/** A replica's speed from the calculators: the model and how one replica lays it out on GPUs. */
export const calculatedSpeed = z.strictObject({
  source: z.literal('calculators'),
  modelId: z.string(),
  gpuId: z.string(),
  tensorParallel: whole('tensor parallel', 1, 1024).default(1),
  pipelineParallel: whole('pipeline parallel', 1, 1024).default(1),
  precision: z.enum(['bf16', 'fp8']).default('bf16'),
  /** Achieved share of peak HBM bandwidth in a decode step (decodeStep's memoryEfficiency). */
  memoryEfficiency: share('memory efficiency').default(0.7),
  /** Achieved share of peak FLOP/s in prefill (prefillTime's mfu). */
  mfu: share('MFU').default(0.5),
  /** Share of HBM the engine may use; the KV cache gets what is left after the weights. */
  hbmUsable: share('usable HBM').default(0.9),
})

/** A replica's speed as measured: tokens a second it sustains (e.g. a provider's published figures). */
export const measuredSpeed = z.strictObject({
  source: z.literal('measured'),
  /** Prompt tokens a second one replica prefills (cache hits included when the figure includes them). */
  prefillTokensPerSecond: positive('prefill tokens/s', 1e12).optional(),
  /** Output tokens a second one replica decodes at its full batch. */
  decodeTokensPerSecond: positive('decode tokens/s', 1e12).optional(),
  /** KV tokens one replica holds; unbounded when not given. */
  kvCapacityTokens: positive('KV capacity tokens', 1e12).optional(),
  /** KV bytes per token of context, for the transfer over the KV link; the transfer is free without it. */
  kvBytesPerToken: positive('KV bytes per token', 1e9).optional(),
})

/** The roles a serving pool plays on the path. */
export const servingRoles = ['prefill', 'decode', 'colocated'] as const

/** Replicas of one model serving prefill, decode or both (colocated). */
export const servingPool = z.strictObject({
  kind: z.enum(servingRoles),
  id,
  label: z.string().max(120).optional(),
  /** The region the pool sits in (a region boundary's label); a lost region takes its pools. */
  region: z.string().max(120).default('default'),
  replicas: whole('replicas', 0, 100_000),
  gpusPerReplica: whole('GPUs per replica', 1, 100_000).default(1),
  /** Sequences one replica decodes at once (continuous batching). */
  maxBatch: whole('max batch', 1, 65_536).default(256),
  /** Shared prefixes one replica keeps cached. */
  prefixCacheGroups: whole('prefix cache groups', 0, 4096).default(16),
  speed: z.discriminatedUnion('source', [calculatedSpeed, measuredSpeed]),
})

/** A pool of either kind. */
export const pool = z.union([queuePool, servingPool])

/** The link the KV cache crosses from prefill to decode. */
export const kvLink = z.strictObject({
  id: id.default('kv-link'),
  label: z.string().max(120).optional(),
  /** One direction, bytes/s. */
  bandwidth: positive('link bandwidth', 1e15),
  latencySeconds: z.number().min(0).max(10).default(0),
  /**
   * false (the default): every prefill replica sends over its own NICs at `bandwidth`, so
   * transfers run side by side, one lane per prefill replica; true: one pipe all transfers share.
   */
  shared: z.boolean().default(false),
})

/** Which pools a perturbation hits: by role, every serving pool, or one pool's id or label. */
export const poolTarget = z.string().min(1).max(120)

/** What a stress card does to the run. Times are seconds from the start. */
export const perturbation = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('load'),
    factor: positive('factor', 1000),
    from: z.number().min(0),
    to: z.number().min(0).optional(),
  }),
  z.strictObject({
    kind: z.literal('lose-gpus'),
    pool: poolTarget.default('all'),
    share: share('share of GPUs'),
    at: z.number().min(0),
  }),
  z.strictObject({
    kind: z.literal('region-down'),
    region: z.string().max(120).optional(),
    at: z.number().min(0),
  }),
  z.strictObject({
    kind: z.literal('output-length'),
    factor: positive('factor', 1000),
    from: z.number().min(0).default(0),
    to: z.number().min(0).optional(),
  }),
  z.strictObject({
    kind: z.literal('link-slowdown'),
    factor: positive('factor', 1e6),
    from: z.number().min(0).default(0),
    to: z.number().min(0).optional(),
  }),
])

/** Latency targets a run checks; the first crossing is reported. */
export const slo = z.strictObject({
  ttftSeconds: positive('TTFT SLO', 3600).default(2),
  interTokenSeconds: positive('inter-token SLO', 60).default(0.1),
  endToEndSeconds: positive('end-to-end SLO', 86_400).optional(),
})

/** Most requests a run may create: a bound that stops absurd loads before they start. */
export const MAX_REQUESTS = 20_000_000

/**
 * Most events a run processes: about twenty times the 10k-QPS speed target's 15M, a few minutes
 * of work. A scenario that needs more (say, a day of tiny decode steps on a thousand replicas)
 * stops there, with a note, instead of running for hours.
 */
export const MAX_EVENTS = 300_000_000

/** A complete scenario. */
export const scenarioSchema = z
  .strictObject({
    seconds: positive('seconds', MAX_SECONDS),
    /** Requests a second (Poisson), unless `loadProfile` gives the rate over time. */
    arrivalRate: z.number().min(0).max(1e7),
    loadProfile: z.array(profilePoint).min(1).max(10_000).optional(),
    requests: requestMix.default(requestMix.parse({})),
    router: z.enum(['round-robin', 'least-loaded', 'prefix-affinity']).default('least-loaded'),
    pools: z
      .array(pool)
      .min(1, 'a scenario needs at least one pool')
      .max(60, 'a scenario holds at most 60 pools'),
    link: kvLink.optional(),
    slo: slo.default(slo.parse({})),
    /** $ per GPU-hour, for the cost per million tokens. */
    gpuHourPrice: z.number().min(0).max(1e4).default(2),
    perturbations: z.array(perturbation).max(50).default([]),
    /** Width of a time-series bucket; by default the run is cut into 120 buckets. */
    sampleSeconds: positive('sample seconds', MAX_SECONDS).optional(),
    maxRequests: whole('max requests', 1, MAX_REQUESTS).default(MAX_REQUESTS),
    maxEvents: whole('max events', 1000, MAX_EVENTS).default(MAX_EVENTS),
  })
  .superRefine((s, ctx) => {
    const serving = s.pools.filter((p) => p.kind !== 'queue')
    const kinds = new Set(serving.map((p) => p.kind))
    if (kinds.has('decode') !== kinds.has('prefill'))
      ctx.addIssue({
        code: 'custom',
        path: ['pools'],
        message: kinds.has('decode')
          ? 'a decode pool needs a prefill pool before it (or make it colocated)'
          : 'a prefill pool needs a decode pool after it (or make it colocated)',
      })
    if (kinds.has('colocated') && kinds.has('decode'))
      ctx.addIssue({
        code: 'custom',
        path: ['pools'],
        message: 'mix either colocated pools or prefill + decode pools, not both',
      })
    const ids = new Set<string>()
    for (const [i, p] of s.pools.entries()) {
      if (ids.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['pools', i, 'id'], message: `duplicate pool id "${p.id}"` })
      ids.add(p.id)
    }
    const replicas = serving.reduce((sum, p) => sum + p.replicas, 0)
    if (replicas > 1_000_000)
      ctx.addIssue({
        code: 'custom',
        path: ['pools'],
        message: `${replicas} replicas in all: at most a million`,
      })
    if (s.sampleSeconds !== undefined && s.seconds / s.sampleSeconds > 10_000)
      ctx.addIssue({
        code: 'custom',
        path: ['sampleSeconds'],
        message: 'at most 10,000 samples a run: make them longer',
      })
    if (s.loadProfile?.some((point, i, all) => i > 0 && point.at <= (all[i - 1]?.at ?? 0)))
      ctx.addIssue({
        code: 'custom',
        path: ['loadProfile'],
        message: 'profile points must be in increasing time order',
      })
  })

/** A scenario as written (defaults may be left out). */
export type ScenarioInput = z.input<typeof scenarioSchema>
/** A validated scenario, defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>
/** A validated pool. */
export type Pool = z.output<typeof pool>
/** A plain queue pool. */
export type QueuePool = z.output<typeof queuePool>
/** A serving pool. */
export type ServingPool = z.output<typeof servingPool>
/** A token-length distribution. */
export type TokenLength = z.output<typeof tokenLength>
/** A perturbation. */
export type Perturbation = z.output<typeof perturbation>
/** A perturbation as written. */
export type PerturbationInput = z.input<typeof perturbation>
