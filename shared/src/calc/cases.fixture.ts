/**
 * Published worked examples, copied as data from the team's reference notes so tests do not
 * read outside the repository. Inputs and `expected` are converted to SI (decimal GB → bytes);
 * `published` keeps the figure as printed. `toleranceRel` allows for the source's rounding.
 */

export interface CaseSource {
  title: string
  locator: string
  url: string
}

export interface WorkedCase {
  id: string
  description: string
  /** Inputs in SI units, named as in the source (mapped to calculator inputs in the test). */
  inputs: Record<string, number>
  /** Expected result in SI units. */
  expected: number
  published: { value: number; unit: string }
  toleranceRel: number
  formula: string
  source: CaseSource
  notes?: string
}

const VLLM: CaseSource = {
  title:
    "Kwon et al., 'Efficient Memory Management for Large Language Model Serving with PagedAttention', SOSP 2023 (arXiv:2309.06180)",
  locator:
    "Table 1, 13B column; Figure 1 caption ('Approximately 65% of the memory is allocated for the model weights')",
  url: 'https://arxiv.org/abs/2309.06180',
}
const ZERO_MODEL_STATES: CaseSource = {
  title:
    "Rajbhandari et al., 'ZeRO: Memory Optimizations Toward Training Trillion Parameter Models', SC20 (arXiv:1910.02054)",
  locator: 'Section 3.1 (Model States: Optimizer States, Gradients and Parameters)',
  url: 'https://arxiv.org/abs/1910.02054',
}
const ZERO_FIGURE_1: CaseSource = {
  ...ZERO_MODEL_STATES,
  locator: 'Figure 1 (per-device memory of model states, Psi=7.5B, K=12, Nd=64)',
}

export const workedCases: readonly WorkedCase[] = [
  {
    id: 'mem_opt13b_fp16_weights',
    description: "Weight memory of OPT-13B in FP16 on an A100-40GB (Table 1 'Parameter size').",
    inputs: { params: 13e9, bytes_per_param: 2 },
    expected: 26e9,
    published: { value: 26, unit: 'GB' },
    toleranceRel: 0.01,
    formula: 'params * bytes_per_param',
    source: VLLM,
  },
  {
    id: 'tm_zero_16psi_gpt2_1p5b',
    description:
      'Model-state memory for mixed-precision Adam (fp16 params+grads, fp32 master/momentum/variance) for GPT-2 1.5B.',
    inputs: { params: 1.5e9, bytes_fp16_params: 2, bytes_fp16_grads: 2, K_optimizer: 12 },
    expected: 24e9,
    published: { value: 24, unit: 'GB' },
    toleranceRel: 0.01,
    formula: '(2 + 2 + K) * params = 16 * params',
    source: ZERO_MODEL_STATES,
  },
  {
    id: 'tm_zero_7p5b_nd64_baseline',
    description:
      'Per-GPU model-state memory for a 7.5B model with mixed-precision Adam (K=12) on Nd=64 data-parallel GPUs: baseline data parallel (no partitioning).',
    inputs: { Psi: 7.5e9, K: 12, Nd: 64 },
    expected: 120e9,
    published: { value: 120, unit: 'GB per GPU' },
    toleranceRel: 0.02,
    formula: '(2+2+K)*Psi',
    source: ZERO_FIGURE_1,
  },
  {
    id: 'tm_zero_7p5b_nd64_pos',
    description:
      'Per-GPU model-state memory for a 7.5B model with mixed-precision Adam (K=12) on Nd=64 data-parallel GPUs: P_os (ZeRO-1: optimizer states partitioned).',
    inputs: { Psi: 7.5e9, K: 12, Nd: 64 },
    expected: 31.4e9,
    published: { value: 31.4, unit: 'GB per GPU' },
    toleranceRel: 0.02,
    formula: '2Psi + 2Psi + K*Psi/Nd',
    source: ZERO_FIGURE_1,
  },
  {
    id: 'tm_zero_7p5b_nd64_pos_g',
    description:
      'Per-GPU model-state memory for a 7.5B model with mixed-precision Adam (K=12) on Nd=64 data-parallel GPUs: P_os+g (ZeRO-2: + gradients partitioned).',
    inputs: { Psi: 7.5e9, K: 12, Nd: 64 },
    expected: 16.6e9,
    published: { value: 16.6, unit: 'GB per GPU' },
    toleranceRel: 0.02,
    formula: '2Psi + (2+K)*Psi/Nd',
    source: ZERO_FIGURE_1,
  },
  {
    id: 'tm_zero_7p5b_nd64_pos_g_p',
    description:
      'Per-GPU model-state memory for a 7.5B model with mixed-precision Adam (K=12) on Nd=64 data-parallel GPUs: P_os+g+p (ZeRO-3: + parameters partitioned).',
    inputs: { Psi: 7.5e9, K: 12, Nd: 64 },
    expected: 1.9e9,
    published: { value: 1.9, unit: 'GB per GPU' },
    toleranceRel: 0.02,
    formula: '(2+2+K)*Psi/Nd',
    source: ZERO_FIGURE_1,
    notes: 'P_os+g+p exact value is 1.875 GB; figure shows 1.9 GB.',
  },
  {
    id: 'tm_stas_2b_18_bytes_per_param',
    description:
      'Weights+optimizer+gradient memory for a 2B model trained in mixed precision with AdamW at 18 bytes/param (6 weights fp32+bf16, 8 Adam, 4 fp32 grads), excluding activations.',
    inputs: { params: 2e9, bytes_per_param: 18 },
    expected: 36e9,
    published: { value: 36, unit: 'GB' },
    toleranceRel: 0.01,
    formula: 'params * 18',
    source: {
      title:
        "Stas Bekman, 'Machine Learning Engineering Open Book', github.com/stas00/ml-engineering @744d01e",
      locator:
        "network/README.md '1-GPU training'; training/performance/README.md 'Anatomy of Model's Memory Usage'",
      url: 'https://github.com/stas00/ml-engineering/blob/master/network/README.md',
    },
    notes: "Contrast with ZeRO's 16 bytes/param (fp16 grads); this source counts fp32 grads (4 B).",
  },
  {
    id: 'ft_chinchilla_175b_optimal_flops',
    description:
      'Chinchilla Table 3: compute for a compute-optimal 175B model trained on 3.7T tokens, using C = 6ND.',
    inputs: { params: 175e9, tokens: 3.7e12 },
    expected: 3.85e24,
    published: { value: 3.85e24, unit: 'FLOPs' },
    toleranceRel: 0.015,
    formula: '6 * N * D',
    source: {
      title:
        "Hoffmann et al., 'Training Compute-Optimal Large Language Models' (Chinchilla), 2022 (arXiv:2203.15556)",
      locator: 'Table 3 (estimated optimal training FLOPs and tokens)',
      url: 'https://arxiv.org/abs/2203.15556',
    },
    notes:
      'Rows 1B (1.21e20, 20.2B tok), 10B (1.23e22, 205.1B) and 1T (1.27e26, 21.2T) also satisfy 6ND within 1%; the 67B row (5.76e23, 1.5T) does NOT (6ND = 6.03e23, +4.7%) because of rounding of the printed token count.',
  },
  {
    id: 'cb_allreduce_busbw_factor_n8',
    description:
      'NCCL all-reduce bus-bandwidth correction factor (bytes each rank sends relative to payload) for 8 ranks.',
    inputs: { n_ranks: 8 },
    expected: 1.75,
    published: { value: 1.75, unit: 'x payload' },
    toleranceRel: 0.001,
    formula: 'busbw = algbw * 2*(n-1)/n (all-gather / reduce-scatter: (n-1)/n)',
    source: {
      title:
        'NVIDIA nccl-tests doc/PERFORMANCE.md; worked value from Stas Bekman ML Engineering network/README.md',
      locator: "PERFORMANCE.md 'AllReduce' and 'Summary'",
      url: 'https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md',
    },
  },
]
