import { GB, GBIT_PER_S } from '../calc/units.ts'
import type { LinkPreset } from './schemas.ts'
import { STAS_NETWORK } from './sources.ts'

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
    sources: [STAS_NETWORK, { title: 'NVIDIA A100 Tensor Core GPU datasheet', locator: 'NVLink: 600 GB/s' }],
    notes: '600 GB/s bidirectional.',
  },
  {
    id: 'nvlink-4',
    name: 'NVLink 4 (H100/H200, 18 links)',
    kind: 'scale-up',
    bandwidthPerDirection: 450 * GB,
    per: 'gpu',
    sources: [STAS_NETWORK, { title: 'NVIDIA H100 Tensor Core GPU datasheet', locator: 'NVLink: 900 GB/s' }],
    notes: '900 GB/s bidirectional: 18 links × 25 GB/s per direction.',
  },
  {
    id: 'nvlink-5',
    name: 'NVLink 5 (B200, 18 links)',
    kind: 'scale-up',
    bandwidthPerDirection: 900 * GB,
    per: 'gpu',
    sources: [STAS_NETWORK],
    notes: '1.8 TB/s bidirectional: 18 links × 50 GB/s per direction.',
  },
  {
    id: 'pcie-4-x16',
    name: 'PCIe 4.0 x16',
    kind: 'host',
    bandwidthPerDirection: ((16 * 16 * 128) / 130 / 8) * GB,
    per: 'x16 slot',
    sources: [
      {
        title: 'PCI-SIG, PCI Express Base Specification Revision 4.0',
        locator: '16 GT/s per lane, 128b/130b encoding',
      },
      STAS_NETWORK,
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
    sources: [
      {
        title: 'PCI-SIG, PCI Express Base Specification Revision 5.0',
        locator: '32 GT/s per lane, 128b/130b encoding',
      },
      STAS_NETWORK,
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
    sources: [
      { title: 'InfiniBand Trade Association, InfiniBand Roadmap', locator: 'NDR: 400 Gb/s per 4x port' },
      STAS_NETWORK,
    ],
  },
  {
    id: 'infiniband-xdr',
    name: 'InfiniBand XDR (4x port)',
    kind: 'scale-out',
    bandwidthPerDirection: 800 * GBIT_PER_S,
    per: 'port',
    sources: [
      { title: 'InfiniBand Trade Association, InfiniBand Roadmap', locator: 'XDR: 800 Gb/s per 4x port' },
      STAS_NETWORK,
    ],
  },
  {
    id: 'ethernet-100g',
    name: '100 Gigabit Ethernet',
    kind: 'scale-out',
    bandwidthPerDirection: 100 * GBIT_PER_S,
    per: 'port',
    sources: [
      { title: 'IEEE Std 802.3ba-2010 (40 Gb/s and 100 Gb/s Ethernet)', locator: '100 Gb/s MAC data rate' },
    ],
  },
  {
    id: 'ethernet-400g',
    name: '400 Gigabit Ethernet',
    kind: 'scale-out',
    bandwidthPerDirection: 400 * GBIT_PER_S,
    per: 'port',
    sources: [
      { title: 'IEEE Std 802.3bs-2017 (200 Gb/s and 400 Gb/s Ethernet)', locator: '400 Gb/s MAC data rate' },
    ],
  },
]
