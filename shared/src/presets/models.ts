import type { ModelPreset } from './schemas.ts'
import { DEEPSEEK_V3_REPORT, LLAMA3_PAPER, LLAMA31_MODEL_CARD } from './sources.ts'

/** SwiGLU expert parameters: gate, up and down projections. */
const swigluExpert = (hidden: number, ffn: number) => 3 * hidden * ffn

/** DeepSeek-V3 (and R1): 58 MoE layers × 256 routed experts of width 2048 on hidden 7168. */
const DEEPSEEK_V3_ROUTED = 58 * 256 * swigluExpert(7168, 2048)

/** DeepSeek-V3's architecture, shared by DeepSeek-R1. */
const DEEPSEEK_V3_SHAPE = {
  params: 671e9,
  activeParams: 37e9,
  moe: {
    experts: 256,
    expertsPerToken: 8,
    sharedExperts: 1,
    routedParams: DEEPSEEK_V3_ROUTED,
    moeLayers: 58,
  },
  layers: 61,
  hidden: 7168,
  ffnHidden: 2048,
  heads: 128,
  kvHeads: 128,
  headDim: 128,
  attention: 'mla',
  kvElementsPerTokenPerLayer: 576,
  vocab: 129_280,
  context: 131_072,
} as const

const GPT_OSS_CARD = {
  title: "OpenAI, 'gpt-oss-120b & gpt-oss-20b Model Card', August 2025 (arXiv:2508.10925)",
  url: 'https://arxiv.org/abs/2508.10925',
}
const GPT_OSS_CONFIG = {
  title: 'openai/gpt-oss config.json (Hugging Face) and NVIDIA Megatron-Bridge GPT OSS model page',
  locator:
    'hidden 2880, expert width 2880, 64 query heads and 8 KV heads of 64, vocab 201,088, 131,072 context (YaRN), alternating sliding-window (128) and full attention, top-4 routing',
  url: 'https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json',
}
const LLAMA4_CARD = {
  title: "Meta, 'Llama 4' model card and release post ('The Llama 4 herd'), April 2025",
  url: 'https://github.com/meta-llama/llama-models/blob/main/models/llama4/MODEL_CARD.md',
}

/**
 * Model presets. Architecture fields are as published; exact parameter counts for the Llama 3
 * and Mixtral models are computed from that architecture (they reproduce the rounded published
 * figures, which tests check); the others are the published totals.
 */
export const models: readonly ModelPreset[] = [
  {
    id: 'llama-3-8b',
    name: 'Llama 3 8B',
    params: 8_030_261_248,
    activeParams: 8_030_261_248,
    moe: null,
    layers: 32,
    hidden: 4096,
    ffnHidden: 14_336,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 2048,
    vocab: 128_256,
    context: 131_072,
    sources: [LLAMA3_PAPER, LLAMA31_MODEL_CARD],
    notes:
      'Context is Llama 3.1’s 128K (the first Llama 3 release had 8K). The paper rounds the vocabulary to 128K.',
  },
  {
    id: 'llama-3-70b',
    name: 'Llama 3 70B',
    params: 70_553_706_496,
    activeParams: 70_553_706_496,
    moe: null,
    layers: 80,
    hidden: 8192,
    ffnHidden: 28_672,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 2048,
    vocab: 128_256,
    context: 131_072,
    sources: [LLAMA3_PAPER, LLAMA31_MODEL_CARD],
    notes: 'Context is Llama 3.1’s 128K (the first Llama 3 release had 8K).',
  },
  {
    id: 'llama-3-405b',
    name: 'Llama 3 405B',
    params: 405_853_388_800,
    activeParams: 405_853_388_800,
    moe: null,
    layers: 126,
    hidden: 16_384,
    ffnHidden: 53_248,
    heads: 128,
    kvHeads: 8,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 2048,
    vocab: 128_256,
    context: 131_072,
    sources: [
      LLAMA3_PAPER,
      LLAMA31_MODEL_CARD,
      {
        ...LLAMA3_PAPER,
        locator: '§3.2.1: trained on 15.6T tokens with 3.8 × 10^25 FLOPs',
      },
    ],
  },
  {
    id: 'mixtral-8x7b',
    name: 'Mixtral 8x7B',
    params: 46_702_792_704,
    activeParams: 12_879_925_248,
    moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, routedParams: 45_097_156_608, moeLayers: 32 },
    layers: 32,
    hidden: 4096,
    ffnHidden: 14_336,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 2048,
    vocab: 32_000,
    context: 32_768,
    sources: [
      {
        title: "Jiang et al., 'Mixtral of Experts', 2024 (arXiv:2401.04088)",
        locator:
          'Table 1 (dim, n_layers, head_dim, hidden_dim, n_heads, n_kv_heads, context_len, vocab_size, num_experts, top_k_experts); §2: 47B total, 13B active',
        url: 'https://arxiv.org/abs/2401.04088',
      },
      {
        title: "Mistral AI, 'Mixtral of experts' release post, December 2023",
        locator: '46.7B total parameters, 12.9B used per token',
        url: 'https://mistral.ai/news/mixtral-of-experts/',
      },
    ],
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    ...DEEPSEEK_V3_SHAPE,
    sources: [
      {
        ...DEEPSEEK_V3_REPORT,
        locator:
          '§4.2 hyper-parameters (61 layers, hidden 7168, 128 heads of 128, KV compression 512, decoupled RoPE 64, 1 shared + 256 routed experts of width 2048, 8 active); §4.3 (128K context); 671B total, 37B activated',
      },
      {
        title: 'deepseek-ai/DeepSeek-V3 config.json',
        locator: 'vocab_size 129280',
        url: 'https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json',
      },
    ],
    notes:
      'Multi-head latent attention caches a 512-element latent plus a 64-element RoPE key per layer (576), not per-head K and V; kvHeads/headDim describe the decompressed attention. The first 3 layers use a dense FFN of 18432. The 14B multi-token-prediction module is excluded from 671B. The report rounds the vocabulary to 128K. Routed experts: 58 MoE layers × 256 × 3·7168·2048 = 653.9B; the other 17.1B (attention, dense layers, shared experts, embeddings) are read by every token, so batch 1 reads 17.1B + 8/256 of 653.9B ≈ 37.5B, the published 37B activated.',
  },
  {
    id: 'grok-1',
    name: 'Grok-1',
    params: 314e9,
    activeParams: 78.5e9,
    moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, routedParams: 309_237_645_312, moeLayers: 64 },
    layers: 64,
    hidden: 6144,
    ffnHidden: 32_768,
    heads: 48,
    kvHeads: 8,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 2048,
    vocab: 131_072,
    context: 8192,
    sources: [
      {
        title: "xAI, 'Open Release of Grok-1', March 2024",
        locator: '314B-parameter mixture-of-experts with 25% of the weights active on a given token',
        url: 'https://x.ai/news/grok-os',
      },
      {
        title: 'xai-org/grok-1 run.py and model.py',
        locator:
          'emb_size 48·128, widening_factor 8, key_size 128, 48 query / 8 KV heads, 64 layers, 8 experts / 2 selected, vocab 128·1024, sequence_len 8192; ffn_size()',
        url: 'https://github.com/xai-org/grok-1/blob/main/run.py',
      },
    ],
    notes:
      'activeParams is xAI’s "25% of 314B". Counting from the released config (attention + 2 of 8 experts + embeddings) gives about 84B. ffnHidden = ffn_size(6144, 8) = int(8·6144)·2//3 = 32768.',
  },
  {
    id: 'opt-13b',
    name: 'OPT-13B',
    params: 13e9,
    activeParams: 13e9,
    moe: null,
    layers: 40,
    hidden: 5120,
    ffnHidden: 20_480,
    heads: 40,
    kvHeads: 40,
    headDim: 128,
    attention: 'mha',
    kvElementsPerTokenPerLayer: 10_240,
    vocab: 50_272,
    context: 2048,
    sources: [
      {
        title: "Zhang et al., 'OPT: Open Pre-trained Transformer Language Models', 2022 (arXiv:2205.01068)",
        locator: 'Table 1 (13B: 40 layers, 40 heads, d_model 5120); §2.2 (sequence length 2048)',
        url: 'https://arxiv.org/abs/2205.01068',
      },
      {
        title: 'facebook/opt-13b config.json',
        locator: 'vocab_size 50272, ffn_dim 20480',
        url: 'https://huggingface.co/facebook/opt-13b/blob/main/config.json',
      },
    ],
  },
  {
    id: 'gpt-3-175b',
    name: 'GPT-3 175B',
    params: 175e9,
    activeParams: 175e9,
    moe: null,
    layers: 96,
    hidden: 12_288,
    ffnHidden: 49_152,
    heads: 96,
    kvHeads: 96,
    headDim: 128,
    attention: 'mha',
    kvElementsPerTokenPerLayer: 24_576,
    vocab: 50_257,
    context: 2048,
    sources: [
      {
        title: "Brown et al., 'Language Models are Few-Shot Learners', 2020 (arXiv:2005.14165)",
        locator:
          'Table 2.1 (175.0B parameters, 96 layers, d_model 12288, 96 heads, d_head 128); §2.1 (n_ctx 2048, d_ff = 4·d_model)',
        url: 'https://arxiv.org/abs/2005.14165',
      },
      {
        title: "Radford et al., 'Language Models are Unsupervised Multitask Learners' (GPT-2), 2019",
        locator: '§2.2: byte-level BPE vocabulary of 50,257',
        url: 'https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf',
      },
    ],
    notes: 'GPT-3 reuses the GPT-2 tokenizer, hence the GPT-2 citation for the vocabulary.',
  },
  {
    id: 'deepseek-r1',
    name: 'DeepSeek-R1',
    ...DEEPSEEK_V3_SHAPE,
    sources: [
      {
        title:
          "DeepSeek-AI, 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning', 2025 (arXiv:2501.12948)",
        locator: 'built on DeepSeek-V3-Base: 671B total, 37B activated, 128K context',
        url: 'https://arxiv.org/abs/2501.12948',
      },
      DEEPSEEK_V3_REPORT,
    ],
    notes:
      'Same architecture and weights layout as DeepSeek-V3 (see its notes); served by the same inference system (open-infra-index day 6).',
  },
  {
    id: 'llama-4-scout',
    name: 'Llama 4 Scout (17B active, 16 experts)',
    params: 109e9,
    activeParams: 17e9,
    moe: {
      experts: 16,
      expertsPerToken: 1,
      sharedExperts: 1,
      routedParams: 48 * 16 * swigluExpert(5120, 8192),
      moeLayers: 48,
    },
    layers: 48,
    hidden: 5120,
    ffnHidden: 8192,
    heads: 40,
    kvHeads: 8,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 2048,
    vocab: 202_048,
    context: 10_485_760,
    sources: [
      { ...LLAMA4_CARD, locator: 'Scout: 17B active, 109B total, 16 experts, 10M context' },
      {
        title: 'meta-llama/Llama-4-Scout-17B-16E config.json',
        locator:
          'text_config: 48 layers, hidden 5120, 40 heads / 8 KV heads of 128, expert width 8192, 16 local experts, 1 per token plus a shared expert, every layer MoE, vocab 202,048',
        url: 'https://huggingface.co/meta-llama/Llama-4-Scout-17B-16E/blob/main/config.json',
      },
    ],
    notes:
      'Routed experts: 48 × 16 × 3·5120·8192 = 96.6B; the rest (attention, the shared expert, embeddings; the 109B total includes the vision encoder) is read by every token. Some layers use chunked local attention, so long contexts cache less than layers × 2048 elements per token.',
  },
  {
    id: 'llama-4-maverick',
    name: 'Llama 4 Maverick (17B active, 128 experts)',
    params: 400e9,
    activeParams: 17e9,
    moe: {
      experts: 128,
      expertsPerToken: 1,
      sharedExperts: 1,
      routedParams: 24 * 128 * swigluExpert(5120, 8192),
      moeLayers: 24,
    },
    layers: 48,
    hidden: 5120,
    ffnHidden: 8192,
    heads: 40,
    kvHeads: 8,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 2048,
    vocab: 202_048,
    context: 1_048_576,
    sources: [
      { ...LLAMA4_CARD, locator: 'Maverick: 17B active, 400B total, 128 experts, 1M context' },
      {
        title: 'meta-llama/Llama-4-Maverick-17B-128E config.json (as mirrored in Megatron training scripts)',
        locator:
          '48 layers, hidden 5120, dense FFN 16384, 40 heads / 8 KV groups, 128 experts of width 8192, MoE on alternate layers ([0,1]×24)',
        url: 'https://huggingface.co/meta-llama/Llama-4-Maverick-17B-128E/blob/main/config.json',
      },
    ],
    notes:
      'MoE on every other layer: 24 × 128 × 3·5120·8192 = 386.5B routed; the other ~13.5B (attention, dense FFNs of 16384, shared experts, embeddings) are read by every token.',
  },
  {
    id: 'qwen3-235b-a22b',
    name: 'Qwen3-235B-A22B',
    params: 235e9,
    activeParams: 22e9,
    moe: {
      experts: 128,
      expertsPerToken: 8,
      sharedExperts: 0,
      routedParams: 94 * 128 * swigluExpert(4096, 1536),
      moeLayers: 94,
    },
    layers: 94,
    hidden: 4096,
    ffnHidden: 1536,
    heads: 64,
    kvHeads: 4,
    headDim: 128,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 1024,
    vocab: 151_936,
    context: 32_768,
    sources: [
      {
        title: "Qwen Team, 'Qwen3 Technical Report', 2025 (arXiv:2505.09388)",
        locator:
          'Table 2: 94 layers, 64 Q / 4 KV heads, 128 experts, 8 activated, no shared experts, 235B total, 22B activated; 32K native context (128K with YaRN)',
        url: 'https://arxiv.org/abs/2505.09388',
      },
      {
        title: 'Qwen/Qwen3-235B-A22B config.json',
        locator: 'hidden 4096, moe_intermediate_size 1536, head_dim 128, vocab 151,936',
        url: 'https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json',
      },
    ],
    notes:
      'Routed experts: 94 × 128 × 3·4096·1536 = 227.1B; the other ~7.9B are attention and embeddings. Context 131,072 with YaRN scaling.',
  },
  {
    id: 'kimi-k2',
    name: 'Kimi K2',
    params: 1.026e12,
    activeParams: 32e9,
    moe: {
      experts: 384,
      expertsPerToken: 8,
      sharedExperts: 1,
      routedParams: 60 * 384 * swigluExpert(7168, 2048),
      moeLayers: 60,
    },
    layers: 61,
    hidden: 7168,
    ffnHidden: 2048,
    heads: 64,
    kvHeads: 64,
    headDim: 128,
    attention: 'mla',
    kvElementsPerTokenPerLayer: 576,
    vocab: 163_840,
    context: 131_072,
    sources: [
      {
        title:
          "Kimi Team (Moonshot AI), 'Kimi K2: Open Agentic Intelligence', 2025 (arXiv:2507.20534), and the model card",
        locator:
          '1T total, 32B activated; 384 experts, 8 active, 1 shared; 64 attention heads; MLA; 61 layers (1 dense); 128K context',
        url: 'https://huggingface.co/moonshotai/Kimi-K2-Instruct',
      },
      {
        title: 'moonshotai/Kimi-K2-Instruct config.json',
        locator:
          'hidden 7168, dense intermediate 18432, moe_intermediate_size 2048, kv_lora_rank 512, qk_rope_head_dim 64, q_lora_rank 1536, vocab 163,840',
        url: 'https://huggingface.co/moonshotai/Kimi-K2-Instruct/blob/main/config.json',
      },
    ],
    notes:
      'DeepSeek-V3 architecture with 384 experts and 64 heads. params is counted from the config (1.026T: 1,014.7B routed + 6.2B MLA attention + 0.4B dense layer + 2.6B shared experts + 2.3B embeddings); the card rounds to 1T. The same count gives 32.5B active.',
  },
  {
    id: 'gpt-oss-120b',
    name: 'gpt-oss-120b',
    params: 116.83e9,
    activeParams: 5.13e9,
    moe: { experts: 128, expertsPerToken: 4, sharedExperts: 0, routedParams: 114.71e9, moeLayers: 36 },
    layers: 36,
    hidden: 2880,
    ffnHidden: 2880,
    heads: 64,
    kvHeads: 8,
    headDim: 64,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 1024,
    vocab: 201_088,
    context: 131_072,
    sources: [
      {
        ...GPT_OSS_CARD,
        locator:
          'parameter table: MLP 114.71B, attention 0.96B, embed + unembed 1.16B; active 5.13B; total 116.83B; MXFP4 experts, 60.8 GiB checkpoint',
      },
      GPT_OSS_CONFIG,
    ],
    notes:
      'Expert weights ship in MXFP4 (~4.25 bits per parameter), so the checkpoint is 60.8 GiB and fits one 80 GB GPU. Half the layers use a 128-token sliding window, so their KV cache stops growing: per-token KV at long context is about half of layers × 1024 elements.',
  },
  {
    id: 'gpt-oss-20b',
    name: 'gpt-oss-20b',
    params: 20.91e9,
    activeParams: 3.61e9,
    moe: { experts: 32, expertsPerToken: 4, sharedExperts: 0, routedParams: 19.12e9, moeLayers: 24 },
    layers: 24,
    hidden: 2880,
    ffnHidden: 2880,
    heads: 64,
    kvHeads: 8,
    headDim: 64,
    attention: 'gqa',
    kvElementsPerTokenPerLayer: 1024,
    vocab: 201_088,
    context: 131_072,
    sources: [
      {
        ...GPT_OSS_CARD,
        locator:
          'parameter table: MLP 19.12B, attention 0.64B, embed + unembed 1.16B; active 3.61B; total 20.91B; 12.8 GiB checkpoint',
      },
      GPT_OSS_CONFIG,
    ],
    notes: 'As gpt-oss-120b: MXFP4 experts, alternating sliding-window attention. Runs within 16 GB.',
  },
]
