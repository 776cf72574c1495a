import type { Source } from './schemas.ts'

/** Sources cited by more than one preset, named once so a citation is spelled one way. */

export const STAS_ACCELERATORS: Source = {
  title: "Stas Bekman, 'Machine Learning Engineering Open Book', compute/accelerator/README.md",
  locator: 'TFLOPS table (without sparsity) and HBM table, commit 744d01e',
  url: 'https://github.com/stas00/ml-engineering/blob/master/compute/accelerator/README.md',
}

export const STAS_NETWORK: Source = {
  title: "Stas Bekman, 'Machine Learning Engineering Open Book', network/README.md",
  locator: 'intra-node and inter-node networking tables, commit 744d01e',
  url: 'https://github.com/stas00/ml-engineering/blob/master/network/README.md',
}

export const NVIDIA_A100_DATASHEET: Source = {
  title: 'NVIDIA A100 Tensor Core GPU datasheet',
  locator: 'specifications table (SXM columns)',
  url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
}

export const NVIDIA_H100_DATASHEET: Source = {
  title: 'NVIDIA H100 Tensor Core GPU datasheet, as reproduced by HPC Tech',
  locator: "specifications table: '* Shown with sparsity. Specifications 1/2 lower without sparsity.'",
  url: 'https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html',
}

export const KIPPLY: Source = {
  title: "kipply (Carol Chen), 'Transformer Inference Arithmetic', 2022",
  locator:
    'capacity table (revision 65c66011: A100 40GB 1555 GB/s, 80GB 2039 GB/s, 300 GB/s NVLink per direction)',
  url: 'https://kipp.ly/transformer-inference-arithmetic/',
}

export const SCALING_BOOK: Source = {
  title: "Austin et al., 'How to Scale Your Model' (jax-ml/scaling-book, commit 0819a7d)",
  locator: 'TPU chapter: chip specifications and ICI bandwidth-per-link tables',
  url: 'https://jax-ml.github.io/scaling-book/tpus/',
}

export const LLAMA3_PAPER: Source = {
  title: "Llama Team, AI @ Meta, 'The Llama 3 Herd of Models', 2024 (arXiv:2407.21783)",
  locator:
    'Table 3 (layers, model dimension, FFN dimension, attention heads, key/value heads, vocabulary); §3.4 (128K context)',
  url: 'https://arxiv.org/abs/2407.21783',
}

export const LLAMA31_MODEL_CARD: Source = {
  title: 'Meta Llama 3.1 model card and config.json (meta-llama/Llama-3.1-*)',
  locator: 'vocab_size 128256, max_position_embeddings 131072; parameter counts 8.03B / 70.6B / 405B',
  url: 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md',
}

export const NVIDIA_BLACKWELL_TABLES: Source = {
  title: "Glenn K. Lockwood, 'B200' notes, tabulating NVIDIA's Blackwell architecture technical brief",
  locator:
    'HGX B200 at 1,000 W: BF16 2,250 / FP8 4,500 / FP4 9,000 TFLOPS dense (twice with sparsity); GB200 at 1,200 W: 2,500 / 5,000 / 10,000',
  url: 'https://glennklockwood.com/garden/processors/B200',
}

export const NVIDIA_GB200_NVL72: Source = {
  title: 'NVIDIA GB200 NVL72 product specifications',
  locator:
    '72 Blackwell GPUs, 36 Grace CPUs; FP4 1,440 PFLOPS, FP8 720 PFLOPS (with sparsity); up to 13.4 TB HBM3e at 576 TB/s; NVLink 130 TB/s (as reproduced by aiwiki.ai and DataCrunch, seen through the search tool)',
  url: 'https://www.nvidia.com/en-us/data-center/gb200-nvl72/',
}

export const AMD_MI325X: Source = {
  title: 'AMD Instinct MI325X accelerator specifications',
  locator:
    '256 GB HBM3E, 6 TB/s; FP16/BF16 1,307.4 TFLOPS, FP8 2,614.9 TFLOPS (dense); 1,000 W; 7 Infinity Fabric links (as reproduced by awesomeagents.ai and wiaix.com, seen through the search tool)',
  url: 'https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html',
}

export const GOOGLE_TPU_DOCS: Source = {
  title: 'Google Cloud TPU documentation, system architecture pages (v5e, v5p, v6e)',
  locator: 'key specifications tables',
  url: 'https://cloud.google.com/tpu/docs/system-architecture-tpu-vm',
}

export const DEEPSEEK_V3_REPORT: Source = {
  title: "DeepSeek-AI, 'DeepSeek-V3 Technical Report', 2024 (arXiv:2412.19437)",
  locator:
    'Table 1 (2.788M H800 GPU-hours, $5.576M at $2 per GPU-hour); §3.1 (H800 nodes of 8 GPUs over NVLink/NVSwitch, InfiniBand between nodes); §4.2 hyper-parameters',
  url: 'https://arxiv.org/abs/2412.19437',
}

export const DEEPSEEK_DAY6: Source = {
  title:
    "DeepSeek, open-infra-index 'Day 6: One More Thing, DeepSeek-V3/R1 Inference System Overview', 1 March 2025",
  locator:
    'statistics of the online service over 24 h: 608B input tokens (342B, 56.3%, on-disk KV cache hits), 168B output tokens; per H800 node ~73.7k input tokens/s in prefill (incl. cache hits) or ~14.8k output tokens/s in decode; 226.75 nodes average, $2 per H800-hour, $87,072 per day',
  url: 'https://github.com/deepseek-ai/open-infra-index/blob/main/202502OneDay/day_6_one_more_thing_deepseekV3R1_inference_system_overview.md',
}

export const NCCL_TUNING: Source = {
  title: 'NVIDIA NCCL source, src/graph/tuning.cc (commit 01afd20, NCCL 2.7 era)',
  locator:
    'latency model in µs: baseLat ring/LL 3.6; hwLat ring/LL per step: NVLink 0.47, PCI 1.0, NET 2.7; nsteps = 2(n−1) for allReduce, n−1 for allGather/reduceScatter. Later releases retune these (e.g. 6.6 base, 0.6 NVLink)',
  url: 'https://github.com/NVIDIA/nccl/blob/master/src/graph/tuning.cc',
}
