import { GB, GBIT_PER_S } from '../calc/units.ts'
import type { LinkPreset } from './schemas.ts'
import { NCCL_TUNING, NVIDIA_BLACKWELL_TABLES, STAS_NETWORK } from './sources.ts'

/**
 * Per-step latencies of NCCL's own cost model (src/graph/tuning.cc, ring algorithm, low-latency
 * protocol): what each hop of a ring collective pays over NVLink, PCIe, or the network between
 * nodes, however small the message.
 */
const NVLINK_HOP_LATENCY = 0.47e-6
const PCI_HOP_LATENCY = 1.0e-6
const NET_HOP_LATENCY = 2.7e-6

/**
 * NCCL's fixed start-up latency of a ring collective (low-latency protocol), seconds: added once
 * per collective on top of the per-hop latencies (tuning.cc baseLat).
 */
export const NCCL_RING_BASE_LATENCY = 3.6e-6

/**
 * Interconnect presets, as bytes/s in one direction (vendors often quote the bidirectional sum
 * for NVLink and PCIe: halve those). Network rates are the nominal data rate; protocol overhead
 * takes a few percent more in practice.
 */
export const links: readonly LinkPreset[] = [
  {
    id: 'nvlink-3',
    name: 'NVLink 3 (A100, 12 links)',
    kind: 'scale-up',
    bandwidthPerDirection: 300 * GB,
    per: 'gpu',
    hopLatency: NVLINK_HOP_LATENCY,
    sources: [
      STAS_NETWORK,
      { title: 'NVIDIA A100 Tensor Core GPU datasheet', locator: 'NVLink: 600 GB/s' },
      NCCL_TUNING,
    ],
    notes: '600 GB/s bidirectional.',
  },
  {
    id: 'nvlink-4',
    name: 'NVLink 4 (H100/H200, 18 links)',
    kind: 'scale-up',
    bandwidthPerDirection: 450 * GB,
    per: 'gpu',
    hopLatency: NVLINK_HOP_LATENCY,
    sources: [
      STAS_NETWORK,
      { title: 'NVIDIA H100 Tensor Core GPU datasheet', locator: 'NVLink: 900 GB/s' },
      NCCL_TUNING,
    ],
    notes: '900 GB/s bidirectional: 18 links × 25 GB/s per direction.',
  },
  {
    id: 'nvlink-5',
    name: 'NVLink 5 (B200, 18 links)',
    kind: 'scale-up',
    bandwidthPerDirection: 900 * GB,
    per: 'gpu',
    hopLatency: NVLINK_HOP_LATENCY,
    sources: [STAS_NETWORK, NVIDIA_BLACKWELL_TABLES, NCCL_TUNING],
    notes:
      '1.8 TB/s bidirectional: 18 links × 50 GB/s per direction. Hop latency: NCCL’s NVLink figure (its model predates NVLink 5).',
  },
  {
    id: 'pcie-4-x16',
    name: 'PCIe 4.0 x16',
    kind: 'host',
    bandwidthPerDirection: ((16 * 16 * 128) / 130 / 8) * GB,
    per: 'x16 slot',
    hopLatency: PCI_HOP_LATENCY,
    sources: [
      {
        title: 'PCI-SIG, PCI Express Base Specification Revision 4.0',
        locator: '16 GT/s per lane, 128b/130b encoding',
      },
      STAS_NETWORK,
      NCCL_TUNING,
    ],
    notes:
      '16 GT/s × 16 lanes × 128/130 ÷ 8 ≈ 31.5 GB/s per direction (usually quoted as 64 GB/s bidirectional).',
  },
  {
    id: 'pcie-5-x16',
    name: 'PCIe 5.0 x16',
    kind: 'host',
    bandwidthPerDirection: ((32 * 16 * 128) / 130 / 8) * GB,
    per: 'x16 slot',
    hopLatency: PCI_HOP_LATENCY,
    sources: [
      {
        title: 'PCI-SIG, PCI Express Base Specification Revision 5.0',
        locator: '32 GT/s per lane, 128b/130b encoding',
      },
      STAS_NETWORK,
      NCCL_TUNING,
    ],
    notes:
      '32 GT/s × 16 lanes × 128/130 ÷ 8 ≈ 63 GB/s per direction (quoted as 128 GB/s bidirectional in the H100 datasheet).',
  },
  {
    id: 'infiniband-ndr',
    name: 'InfiniBand NDR (4x port)',
    kind: 'scale-out',
    bandwidthPerDirection: 400 * GBIT_PER_S,
    per: 'port',
    hopLatency: NET_HOP_LATENCY,
    sources: [
      { title: 'InfiniBand Trade Association, InfiniBand Roadmap', locator: 'NDR: 400 Gb/s per 4x port' },
      STAS_NETWORK,
      NCCL_TUNING,
    ],
    notes:
      'Hop latency: NCCL’s network step (GPU-to-GPU across nodes through the NIC, including the GPU-side protocol), about 2–3 µs.',
  },
  {
    id: 'infiniband-xdr',
    name: 'InfiniBand XDR (4x port)',
    kind: 'scale-out',
    bandwidthPerDirection: 800 * GBIT_PER_S,
    per: 'port',
    hopLatency: NET_HOP_LATENCY,
    sources: [
      { title: 'InfiniBand Trade Association, InfiniBand Roadmap', locator: 'XDR: 800 Gb/s per 4x port' },
      STAS_NETWORK,
      NCCL_TUNING,
    ],
    notes: 'Hop latency: NCCL’s network step, as for NDR.',
  },
  {
    id: 'ethernet-100g',
    name: '100 Gigabit Ethernet',
    kind: 'scale-out',
    bandwidthPerDirection: 100 * GBIT_PER_S,
    per: 'port',
    hopLatency: NET_HOP_LATENCY,
    sources: [
      { title: 'IEEE Std 802.3ba-2010 (40 Gb/s and 100 Gb/s Ethernet)', locator: '100 Gb/s MAC data rate' },
      NCCL_TUNING,
    ],
    notes:
      'Hop latency: NCCL’s network step, which assumes RDMA (RoCE); plain TCP sockets add tens of µs more.',
  },
  {
    id: 'ethernet-400g',
    name: '400 Gigabit Ethernet',
    kind: 'scale-out',
    bandwidthPerDirection: 400 * GBIT_PER_S,
    per: 'port',
    hopLatency: NET_HOP_LATENCY,
    sources: [
      { title: 'IEEE Std 802.3bs-2017 (200 Gb/s and 400 Gb/s Ethernet)', locator: '400 Gb/s MAC data rate' },
      NCCL_TUNING,
    ],
    notes:
      'Hop latency: NCCL’s network step, which assumes RDMA (RoCE); plain TCP sockets add tens of µs more.',
  },
]
