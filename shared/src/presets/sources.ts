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
