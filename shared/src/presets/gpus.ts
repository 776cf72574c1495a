import { GB, TERA } from '../calc/units.ts'
import type { GpuPreset } from './schemas.ts'
import {
  AMD_MI325X,
  DEEPSEEK_V3_REPORT,
  GOOGLE_TPU_DOCS,
  KIPPLY,
  LLAMA3_PAPER,
  NVIDIA_A100_DATASHEET,
  NVIDIA_BLACKWELL_TABLES,
  NVIDIA_GB200_NVL72,
  NVIDIA_H100_DATASHEET,
  SCALING_BOOK,
  STAS_ACCELERATORS,
  STAS_NETWORK,
} from './sources.ts'

/** The H100 SXM's tensor throughput and memory, which the export-limited H800 keeps. */
const H100_SXM_CHIP = {
  bf16DenseFlops: 989 * TERA,
  fp8DenseFlops: 1979 * TERA,
  fp4DenseFlops: null,
  vendorFiguresWithSparsity: true,
  hbmBytes: 80 * GB,
  hbmType: 'HBM3',
  hbmBandwidth: 3350 * GB,
} as const

/**
 * AMD's 8-GPU boards: a full mesh of 7 point-to-point Infinity Fabric links of 64 GB/s per
 * direction, so a GPU's 448 GB/s is its total to all peers and any one pair gets 64.
 */
const XGMI_MESH = {
  link: 'Infinity Fabric / XGMI (7 point-to-point links)',
  bandwidthPerDirection: 448 * GB,
  links: 7,
  pairBandwidthPerDirection: 64 * GB,
  domainChips: 8,
} as const

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
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 40 * GB,
    hbmType: 'HBM2',
    hbmBandwidth: 1555 * GB,
    scaleUp: {
      link: 'NVLink 3 (12 links)',
      linkId: 'nvlink-3',
      bandwidthPerDirection: 300 * GB,
      links: 12,
      pairBandwidthPerDirection: 300 * GB,
      domainChips: 8,
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
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 80 * GB,
    hbmType: 'HBM2e',
    hbmBandwidth: 2039 * GB,
    scaleUp: {
      link: 'NVLink 3 (12 links)',
      linkId: 'nvlink-3',
      bandwidthPerDirection: 300 * GB,
      links: 12,
      pairBandwidthPerDirection: 300 * GB,
      domainChips: 8,
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
    ...H100_SXM_CHIP,
    scaleUp: {
      link: 'NVLink 4 (18 links)',
      linkId: 'nvlink-4',
      bandwidthPerDirection: 450 * GB,
      links: 18,
      pairBandwidthPerDirection: 450 * GB,
      domainChips: 8,
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
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: true,
    hbmBytes: 80 * GB,
    hbmType: 'HBM2e',
    hbmBandwidth: 2000 * GB,
    scaleUp: {
      link: 'NVLink bridge (pairs of cards)',
      bandwidthPerDirection: 300 * GB,
      pairBandwidthPerDirection: 300 * GB,
      domainChips: 2,
    },
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
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: true,
    hbmBytes: 141 * GB,
    hbmType: 'HBM3e',
    hbmBandwidth: 4800 * GB,
    scaleUp: {
      link: 'NVLink 4 (18 links)',
      linkId: 'nvlink-4',
      bandwidthPerDirection: 450 * GB,
      links: 18,
      pairBandwidthPerDirection: 450 * GB,
      domainChips: 8,
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
    name: 'NVIDIA B200 SXM (HGX B200)',
    vendor: 'NVIDIA',
    bf16DenseFlops: 2250 * TERA,
    fp8DenseFlops: 4500 * TERA,
    fp4DenseFlops: 9000 * TERA,
    vendorFiguresWithSparsity: true,
    hbmBytes: 180 * GB,
    hbmType: 'HBM3e',
    hbmBandwidth: 8000 * GB,
    scaleUp: {
      link: 'NVLink 5 (18 links)',
      linkId: 'nvlink-5',
      bandwidthPerDirection: 900 * GB,
      links: 18,
      pairBandwidthPerDirection: 900 * GB,
      domainChips: 8,
    },
    powerWatts: 1000,
    sources: [
      {
        ...STAS_ACCELERATORS,
        locator: `${STAS_ACCELERATORS.locator ?? ''}; note 20: NVIDIA DGX B200 datasheet`,
      },
      STAS_NETWORK,
      NVIDIA_BLACKWELL_TABLES,
    ],
    notes:
      "HGX B200 at its 1,000 W configuration: dense BF16 2.25, FP8 4.5, FP4 9 PFLOP/s (NVIDIA quotes twice these with sparsity); 180 GB per GPU (DGX B200: 1,440 GB over 8). Power and the dense/sparse split as tabulated from NVIDIA's Blackwell architecture material in Glenn Lockwood's notes (seen through the search tool, not NVIDIA's page itself). NVLink 1.8 TB/s is bidirectional.",
  },
  {
    id: 'gb200',
    name: 'NVIDIA GB200 (Blackwell GPU in a GB200 NVL72 rack)',
    vendor: 'NVIDIA',
    bf16DenseFlops: 2500 * TERA,
    fp8DenseFlops: 5000 * TERA,
    fp4DenseFlops: 10_000 * TERA,
    vendorFiguresWithSparsity: true,
    hbmBytes: 186 * GB,
    hbmType: 'HBM3e',
    hbmBandwidth: 8000 * GB,
    scaleUp: {
      link: 'NVLink 5 through NVLink Switch trays (72-GPU domain)',
      linkId: 'nvlink-5',
      bandwidthPerDirection: 900 * GB,
      links: 18,
      pairBandwidthPerDirection: 900 * GB,
      domainChips: 72,
    },
    powerWatts: 1200,
    sources: [NVIDIA_GB200_NVL72, NVIDIA_BLACKWELL_TABLES],
    notes:
      'Per GPU of the NVL72 rack (72 GPUs, 36 Grace CPUs): the rack quotes 1,440 PFLOP/s FP4, 720 FP8 and 360 BF16 with sparsity, 13.4 TB of HBM3e at 576 TB/s and 130 TB/s of NVLink; divided by 72 and halved for dense, that is 10 / 5 / 2.5 PFLOP/s, 186 GB, 8 TB/s and 1.8 TB/s bidirectional NVLink per GPU. The GPU runs at up to 1,200 W in this configuration (Lockwood, from NVIDIA). Any GPU reaches any other in the rack at full NVLink bandwidth.',
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X',
    vendor: 'AMD',
    bf16DenseFlops: 1307 * TERA,
    fp8DenseFlops: 2610 * TERA,
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 192 * GB,
    hbmType: 'HBM3',
    hbmBandwidth: 5300 * GB,
    scaleUp: XGMI_MESH,
    powerWatts: 750,
    sources: [
      { ...STAS_ACCELERATORS, locator: `${STAS_ACCELERATORS.locator ?? ''}; note 17: AMD MI300X spec page` },
      STAS_NETWORK,
    ],
    notes:
      "BF16 from the clock formula 2100 MHz × 256 × 1216 × 2 ≈ 1307 TFLOP/s (Stas's table rounds to 1300); FP8 2610 as tabulated (rounded). AMD lists dense and sparse figures separately. XGMI is a full mesh of 7 point-to-point links of 64 GB/s per direction: 448 GB/s is the chip's total to all 7 peers, and any one pair of GPUs gets 64 GB/s (not NVLink-switch-like 450). The 750 W board power comes from third-party spec pages, not AMD's: unverified.",
  },
  {
    id: 'mi325x',
    name: 'AMD Instinct MI325X',
    vendor: 'AMD',
    bf16DenseFlops: 1307.4 * TERA,
    fp8DenseFlops: 2614.9 * TERA,
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 256 * GB,
    hbmType: 'HBM3e',
    hbmBandwidth: 6000 * GB,
    scaleUp: XGMI_MESH,
    powerWatts: 1000,
    sources: [STAS_ACCELERATORS, STAS_NETWORK, AMD_MI325X],
    notes:
      'Same CDNA 3 compute as MI300X (BF16 1,307.4 and FP8 2,614.9 TFLOP/s dense) with 256 GB of HBM3e at 6 TB/s and a 1,000 W board. Seven Infinity Fabric links join 8 GPUs in a full mesh: 64 GB/s per direction to each peer. AMD figures read from reproductions of its spec table (search tool), not AMD’s page itself.',
  },
  {
    id: 'tpu-v5e',
    name: 'Google TPU v5e',
    vendor: 'Google',
    bf16DenseFlops: 197 * TERA,
    fp8DenseFlops: null,
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 16 * GB,
    hbmType: 'HBM2',
    hbmBandwidth: 820 * GB,
    scaleUp: {
      link: 'ICI (4 ports, 2D torus)',
      bandwidthPerDirection: 200 * GB,
      links: 4,
      pairBandwidthPerDirection: 50 * GB,
      domainChips: 256,
    },
    powerWatts: null,
    sources: [
      SCALING_BOOK,
      STAS_ACCELERATORS,
      {
        ...GOOGLE_TPU_DOCS,
        locator: 'TPU v5e page: 400 GBps bidirectional ICI per chip, 4 ICI ports, 256-chip pod, 2D torus',
      },
    ],
    notes:
      'Google quotes 400 GB/s bidirectional ICI per chip over 4 ports: 200 GB/s per direction per chip, 50 per port (the scaling book rounds a link to 4.5e10 B/s one way). The earlier preset stored one link as the chip figure, 4× low. Google lists HBM as 819 GBps (and 800 GiBps); the scaling book uses 8.1e11–8.2e11 B/s. INT8 394 TOPS; no FP8. Google publishes no per-chip power.',
  },
  {
    id: 'tpu-v5p',
    name: 'Google TPU v5p',
    vendor: 'Google',
    bf16DenseFlops: 459 * TERA,
    fp8DenseFlops: null,
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 95 * GB,
    hbmType: 'HBM2e',
    hbmBandwidth: 2765 * GB,
    scaleUp: {
      link: 'ICI (6 ports, 3D torus)',
      bandwidthPerDirection: 600 * GB,
      links: 6,
      pairBandwidthPerDirection: 100 * GB,
      domainChips: 8960,
    },
    powerWatts: null,
    sources: [
      STAS_ACCELERATORS,
      SCALING_BOOK,
      {
        ...GOOGLE_TPU_DOCS,
        locator:
          'TPU v5p page: 459 TFLOPs bf16, 95 GB at 2765 GBps, 1200 GBps bidirectional ICI per chip, 8960-chip pod, 3D torus',
      },
    ],
    notes:
      'Google quotes 1,200 GB/s bidirectional ICI per chip; a 3D torus gives each chip 6 neighbours, so 600 GB/s per direction per chip and 100 per link (the scaling book rounds a link to 9e10 B/s one way). The earlier preset stored one link as the chip figure, 6× low. Google lists FP8 at the BF16 rate (no 2× FP8 path), so fp8DenseFlops is left empty. Google publishes no per-chip power.',
  },
  {
    id: 'tpu-v6e',
    name: 'Google TPU v6e (Trillium)',
    vendor: 'Google',
    bf16DenseFlops: 918 * TERA,
    fp8DenseFlops: null,
    fp4DenseFlops: null,
    vendorFiguresWithSparsity: false,
    hbmBytes: 32 * GB,
    hbmType: 'HBM',
    hbmBandwidth: 1638 * GB,
    scaleUp: {
      link: 'ICI (4 ports, 2D torus)',
      bandwidthPerDirection: 400 * GB,
      links: 4,
      pairBandwidthPerDirection: 100 * GB,
      domainChips: 256,
    },
    powerWatts: null,
    sources: [
      {
        ...GOOGLE_TPU_DOCS,
        locator:
          'TPU v6e page: 918 TFLOPs bf16, 1836 TOPs int8, 32 GB at 1638 GBps, 800 GBps bidirectional ICI per chip, 4 ICI ports, 256-chip pod, 2D torus',
      },
      SCALING_BOOK,
    ],
    notes:
      'ICI 800 GB/s bidirectional per chip over 4 ports: 400 per direction per chip, 100 per port (the scaling book: 9e10 B/s one way per link, 1.6e12 B/s HBM). INT8 1,836 TOPS. Google publishes no per-chip power.',
  },
  {
    id: 'h800',
    name: 'NVIDIA H800 SXM5 80GB',
    vendor: 'NVIDIA',
    ...H100_SXM_CHIP,
    scaleUp: {
      link: 'NVLink 4, export-limited (400 GB/s bidirectional)',
      bandwidthPerDirection: 200 * GB,
      pairBandwidthPerDirection: 200 * GB,
      domainChips: 8,
    },
    powerWatts: 700,
    sources: [
      DEEPSEEK_V3_REPORT,
      {
        ...NVIDIA_H100_DATASHEET,
        locator: 'H100 SXM column (the H800 keeps its tensor throughput and memory)',
      },
    ],
    notes:
      'The H100 for the Chinese market (2023): same GH100 die, FP8/BF16 and HBM3 as the H100 SXM, NVLink cut to 400 GB/s bidirectional (200 per direction) and FP64 cut. The GPU DeepSeek-V3 was trained (2.788M H800-hours) and served on. NVLink and FP64 limits from third-party comparisons seen through the search tool, not an NVIDIA datasheet.',
  },
]
