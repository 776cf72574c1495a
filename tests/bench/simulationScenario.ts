import type { ScenarioInput } from '@roofline/shared/sim'

/**
 * The speed target's scenario (issue 23): five minutes at 10,000 requests a second, about 3M
 * requests, on the fleet the 10k-QPS template's answers size (templates/data/llm-inference-
 * 10k-qps.json): Llama 3 70B in FP8, mean prompt 1,500 tokens of which a 1,000-token system
 * prompt is shared by 80% of traffic (≈ 53% of prompt tokens), mean output 250; prefill on
 * TP8 H100 replicas at 40% MFU, decode on 215 TP4 H100 replicas of up to 256 sequences at 70%
 * of peak bandwidth, the KV cache crossing 400 GB/s of InfiniBand per prefill replica.
 */
export const tenThousandQps: ScenarioInput = {
  seconds: 300,
  arrivalRate: 10_000,
  router: 'prefix-affinity',
  requests: {
    promptTokens: { mean: 1500 },
    outputTokens: { mean: 250 },
    sharedPrefixFraction: 0.53,
    prefixGroups: 4,
  },
  pools: [
    {
      kind: 'prefill',
      id: 'prefill',
      replicas: 180,
      speed: {
        source: 'calculators',
        modelId: 'llama-3-70b',
        gpuId: 'h100-sxm',
        tensorParallel: 8,
        precision: 'fp8',
        mfu: 0.4,
      },
    },
    {
      kind: 'decode',
      id: 'decode',
      replicas: 215,
      maxBatch: 256,
      speed: {
        source: 'calculators',
        modelId: 'llama-3-70b',
        gpuId: 'h100-sxm',
        tensorParallel: 4,
        precision: 'fp8',
        memoryEfficiency: 0.7,
      },
    },
  ],
  link: { bandwidth: 400e9, latencySeconds: 0.001 },
}
