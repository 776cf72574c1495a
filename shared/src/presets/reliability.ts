import { DAY } from '../calc/units.ts'
import type { GpuHourPrice, ReliabilityPreset } from './schemas.ts'
import { DEEPSEEK_DAY6, DEEPSEEK_V3_REPORT, LLAMA3_PAPER } from './sources.ts'

/**
 * Measured GPU failure rates, as a per-GPU MTBF for the goodput calculator: a job on N GPUs
 * fails every gpuMtbfSeconds / N on average.
 */
export const reliability: readonly ReliabilityPreset[] = [
  {
    id: 'llama-3-h100',
    name: 'Llama 3 405B pre-training, 16,384 H100s (Meta)',
    gpuId: 'h100-sxm',
    gpus: 16_384,
    days: 54,
    interruptions: 419,
    gpuMtbfSeconds: (54 * DAY * 16_384) / 419,
    sources: [
      {
        ...LLAMA3_PAPER,
        locator:
          '§3.3.4 and Table 5: 466 job interruptions in a 54-day snapshot, 47 planned and 419 unexpected (78% confirmed or suspected hardware)',
      },
    ],
  },
]

/** Published prices of a GPU-hour, for cost calculators. */
export const gpuHourPrices: readonly GpuHourPrice[] = [
  {
    id: 'h800-deepseek',
    name: 'H800 rental, as DeepSeek prices it',
    gpuId: 'h800',
    pricePerHour: 2,
    sources: [DEEPSEEK_V3_REPORT, DEEPSEEK_DAY6],
    notes:
      'DeepSeek assumes $2 per H800 GPU-hour both for V3’s training cost ($5.576M) and for its serving cost ($87,072 a day).',
  },
]
