import { GB, TERA } from '../calc/units.ts'
import type { GpuPreset } from './schemas.ts'
import {
  KIPPLY,
  LLAMA3_PAPER,
  NVIDIA_A100_DATASHEET,
  NVIDIA_H100_DATASHEET,
  SCALING_BOOK,
  STAS_ACCELERATORS,
  STAS_NETWORK,
} from './sources.ts'

/**
 * Accelerator presets. FLOP/s are dense (no 2:4 sparsity) tensor-core peaks; bandwidths are
 * decimal (1 GB/s = 1e9 bytes/s) as vendors quote them; HBM capacities read the vendor's "GB"
 * as 1e9 bytes, which understates the physical binary capacity (e.g. 80 GiB stacks) and so errs
 * on the safe side for "does it fit" questions.
 */
export const gpus: readonly GpuPreset[] = [
  {
    id: 'a100-40gb',
    name: 'NVIDIA A100 SXM4 40GB',
    vendor: 'NVIDIA',
    bf16DenseFlops: 312 * TERA,
    fp8DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 40 * GB,
    hbmType: 'HBM2',
    hbmBandwidth: 1555 * GB,
    scaleUp: {
      link: 'NVLink 3 (12 links)',
      linkId: 'nvlink-3',
      bandwidthPerDirection: 300 * GB,
      per: 'chip',
    },
    powerWatts: 400,
    sources: [NVIDIA_A100_DATASHEET, STAS_ACCELERATORS, STAS_NETWORK, KIPPLY],
    notes:
      'Datasheet lists BF16 312 TFLOPS dense and 624 with sparsity. Ampere has no FP8. NVLink 600 GB/s is bidirectional; 300 GB/s per direction (kipply). kipply later rounds the bandwidth to 1.5e12.',
  },
  {
    id: 'a100-80gb',
    name: 'NVIDIA A100 SXM4 80GB',
    vendor: 'NVIDIA',
    bf16DenseFlops: 312 * TERA,
    fp8DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 80 * GB,
    hbmType: 'HBM2e',
    hbmBandwidth: 2039 * GB,
    scaleUp: {
      link: 'NVLink 3 (12 links)',
      linkId: 'nvlink-3',
      bandwidthPerDirection: 300 * GB,
      per: 'chip',
    },
    powerWatts: 400,
    sources: [NVIDIA_A100_DATASHEET, STAS_ACCELERATORS, STAS_NETWORK, KIPPLY],
    notes:
      "Stas's HBM table rounds the bandwidth to 2.0 TB/s; NVIDIA's datasheet and kipply's table give 2,039 GB/s.",
  },
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM5 80GB',
    vendor: 'NVIDIA',
    bf16DenseFlops: 989 * TERA,
    fp8DenseFlops: 1979 * TERA,
    vendorFiguresWithSparsity: true,
    hbmBytes: 80 * GB,
    hbmType: 'HBM3',
    hbmBandwidth: 3350 * GB,
    scaleUp: {
      link: 'NVLink 4 (18 links)',
      linkId: 'nvlink-4',
      bandwidthPerDirection: 450 * GB,
      per: 'chip',
    },
    powerWatts: 700,
    sources: [
      NVIDIA_H100_DATASHEET,
      STAS_ACCELERATORS,
      STAS_NETWORK,
      SCALING_BOOK,
      { ...LLAMA3_PAPER, locator: "§3.3.1: 'each running at 700W TDP with 80GB HBM3'" },
    ],
    notes:
      'Datasheet quotes BF16 1,979 and FP8 3,958 TFLOPS with sparsity; dense is half. Peak from clocks: 1830 MHz × 528 tensor cores × 512 × 2 ≈ 989.4 TFLOP/s. NVLink 900 GB/s is bidirectional.',
  },
  {
    id: 'h100-pcie',
    name: 'NVIDIA H100 PCIe 80GB',
    vendor: 'NVIDIA',
    bf16DenseFlops: 756 * TERA,
    fp8DenseFlops: 1513 * TERA,
    vendorFiguresWithSparsity: true,
    hbmBytes: 80 * GB,
    hbmType: 'HBM2e',
    hbmBandwidth: 2000 * GB,
    scaleUp: { link: 'NVLink bridge (pairs of cards)', bandwidthPerDirection: 300 * GB, per: 'chip' },
    powerWatts: 350,
    sources: [NVIDIA_H100_DATASHEET, STAS_ACCELERATORS],
    notes:
      "Datasheet: BF16 1,513 and FP8 3,026 TFLOPS with sparsity, memory bandwidth 2,000 GB/s, NVLink bridge 600 GB/s bidirectional, TDP 300–350 W (350 stored). Stas's table calls the memory HBM3; the datasheet says HBM2e.",
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM 141GB',
    vendor: 'NVIDIA',
    bf16DenseFlops: 989 * TERA,
    fp8DenseFlops: 1979 * TERA,
    vendorFiguresWithSparsity: true,
    hbmBytes: 141 * GB,
    hbmType: 'HBM3e',
    hbmBandwidth: 4800 * GB,
    scaleUp: {
      link: 'NVLink 4 (18 links)',
      linkId: 'nvlink-4',
      bandwidthPerDirection: 450 * GB,
      per: 'chip',
    },
    powerWatts: 700,
    sources: [
      STAS_ACCELERATORS,
      STAS_NETWORK,
      {
        title: 'MLCommons inference_results_v4.1, closed/NVIDIA/systems/H200-SXM-141GBx8_TRT_MaxQ.json',
        locator:
          "'accelerator_memory_capacity': '141 GB', HBM3e, '18x 4th Gen NVLink, 900GB/s', 'H200 TGP 700W'",
        url: 'https://github.com/mlcommons/inference_results_v4.1',
      },
    ],
    notes: 'Same compute as H100 SXM; more and faster memory (4.8 TB/s vs 3.35 TB/s).',
  },
  {
    id: 'b200',
    name: 'NVIDIA B200 SXM',
    vendor: 'NVIDIA',
    bf16DenseFlops: 2250 * TERA,
    fp8DenseFlops: 4500 * TERA,
    vendorFiguresWithSparsity: true,
    hbmBytes: 180 * GB,
    hbmType: 'HBM3e',
    hbmBandwidth: 8000 * GB,
    scaleUp: {
      link: 'NVLink 5 (18 links)',
      linkId: 'nvlink-5',
      bandwidthPerDirection: 900 * GB,
      per: 'chip',
    },
    powerWatts: null,
    sources: [
      {
        ...STAS_ACCELERATORS,
        locator: `${STAS_ACCELERATORS.locator ?? ''}; note 20: NVIDIA DGX B200 datasheet`,
      },
      STAS_NETWORK,
    ],
    notes:
      "Dense figures per Stas's table, from NVIDIA's DGX B200 datasheet, whose headline FLOP/s include sparsity. Not cross-checked against NVIDIA's B200 product page. No per-GPU power figure in the cited sources.",
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X',
    vendor: 'AMD',
    bf16DenseFlops: 1307 * TERA,
    fp8DenseFlops: 2610 * TERA,
    vendorFiguresWithSparsity: false,
    hbmBytes: 192 * GB,
    hbmType: 'HBM3',
    hbmBandwidth: 5300 * GB,
    scaleUp: { link: 'Infinity Fabric / XGMI (7 peer links)', bandwidthPerDirection: 448 * GB, per: 'chip' },
    powerWatts: 750,
    sources: [
      { ...STAS_ACCELERATORS, locator: `${STAS_ACCELERATORS.locator ?? ''}; note 17: AMD MI300X spec page` },
      STAS_NETWORK,
    ],
    notes:
      "BF16 from the clock formula 2100 MHz × 256 × 1216 × 2 ≈ 1307 TFLOP/s (Stas's table rounds to 1300); FP8 2610 as tabulated (rounded). AMD lists dense and sparse figures separately. XGMI: 64 GB/s per peer link per direction × 7 = 448 GB/s. The 750 W board power comes from third-party spec pages, not AMD's: unverified.",
  },
  {
    id: 'tpu-v5e',
    name: 'Google TPU v5e',
    vendor: 'Google',
    bf16DenseFlops: 197 * TERA,
    fp8DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 16 * GB,
    hbmType: 'HBM2',
    hbmBandwidth: 820 * GB,
    scaleUp: { link: 'ICI (per link)', bandwidthPerDirection: 45 * GB, per: 'link' },
    powerWatts: null,
    sources: [SCALING_BOOK, STAS_ACCELERATORS],
    notes:
      'The scaling book uses 1.97e14 FLOP/s and 8.1e11–8.2e11 B/s (critical intensity ≈ 240) and 4.5e10 B/s one-way ICI per link. INT8 394 TOPS; no FP8. Google publishes no per-chip power.',
  },
  {
    id: 'tpu-v5p',
    name: 'Google TPU v5p',
    vendor: 'Google',
    bf16DenseFlops: 459 * TERA,
    fp8DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 95 * GB,
    hbmType: 'HBM2e',
    hbmBandwidth: 2760 * GB,
    scaleUp: { link: 'ICI (per link)', bandwidthPerDirection: 90 * GB, per: 'link' },
    powerWatts: null,
    sources: [STAS_ACCELERATORS, SCALING_BOOK],
    notes:
      'Stas lists 95 GB and 2.76 TB/s; the scaling book rounds to 96 GB and 2.8e12 B/s, and gives 9e10 B/s one-way ICI per link. INT8 918 TOPS; no FP8. Google publishes no per-chip power.',
  },
]
