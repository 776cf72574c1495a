import type { LatencyTable } from './schemas.ts'

import { NCCL_TUNING } from './sources.ts'

/** Nanoseconds to seconds, so rows read as in the published tables. */
const ns = (n: number) => n * 1e-9
/** Microseconds to seconds. */
const us = (n: number) => n * 1e-6

/**
 * "Numbers every engineer should know", for the cheat sheet: the classic table (rows on which
 * the 2009 talk notes and the ~2012 gist agree) and a modern revision.
 */
export const latencyTables: readonly LatencyTable[] = [
  {
    id: 'dean-classic',
    title: 'Latency numbers every programmer should know (Dean, ~2009–2012)',
    caveat:
      'Reproductions differ on some rows (mutex 25 vs 100 ns, compress 1K 3 vs 10 µs, disk 1 MB 20 vs 30 ms); these are the rows where the talk notes and the gist agree, with the alternatives noted.',
    sources: [
      {
        title: "Jeff Dean, 'Designs, Lessons and Advice from Building Large Distributed Systems', LADIS 2009",
        locator: "slide 'Numbers Everyone Should Know'",
      },
      {
        title: "Jonas Bonér, 'Latency Comparison Numbers (~2012)' gist",
        url: 'https://gist.github.com/jboner/2841832',
      },
    ],
    rows: [
      { id: 'l1-cache', operation: 'L1 cache reference', seconds: ns(0.5) },
      { id: 'branch-mispredict', operation: 'Branch mispredict', seconds: ns(5) },
      { id: 'l2-cache', operation: 'L2 cache reference', seconds: ns(7) },
      { id: 'mutex', operation: 'Mutex lock/unlock', seconds: ns(25), note: 'some reproductions: 100 ns' },
      { id: 'main-memory', operation: 'Main memory reference', seconds: ns(100) },
      {
        id: 'compress-1k',
        operation: 'Compress 1K bytes with Zippy/Snappy',
        seconds: ns(3000),
        note: 'some reproductions: 10,000 ns',
      },
      {
        id: 'send-1k-1gbps',
        operation: 'Send 1K bytes over 1 Gbps network',
        seconds: ns(10_000),
        note: "2009 talk: 'Send 2K bytes over 1 Gbps network 20,000 ns'",
      },
      {
        id: 'ssd-random-4k',
        operation: 'Read 4K randomly from SSD',
        seconds: ns(150_000),
        note: '2012 gist',
      },
      { id: 'memory-1mb', operation: 'Read 1 MB sequentially from memory', seconds: ns(250_000) },
      { id: 'dc-round-trip', operation: 'Round trip within same datacenter', seconds: ns(500_000) },
      {
        id: 'ssd-1mb',
        operation: 'Read 1 MB sequentially from SSD',
        seconds: ns(1_000_000),
        note: '2012 gist, ~1 GB/s SSD',
      },
      { id: 'disk-seek', operation: 'Disk seek', seconds: ns(10_000_000) },
      {
        id: 'disk-1mb',
        operation: 'Read 1 MB sequentially from disk',
        seconds: ns(20_000_000),
        note: 'some reproductions: 30 ms',
      },
      { id: 'ca-nl-ca', operation: 'Send packet CA → Netherlands → CA', seconds: ns(150_000_000) },
    ],
  },
  {
    id: 'abseil-modern',
    title: 'Modern latency estimates (Abseil performance hints)',
    caveat: 'Taken from a faithful reproduction of the table; the primary page was not opened.',
    sources: [
      { title: "Abseil, 'Performance Hints' (fast/hints)", url: 'https://abseil.io/fast/hints.html' },
    ],
    rows: [
      { id: 'main-memory', operation: 'Main memory reference', seconds: ns(50) },
      { id: 'ssd-4k', operation: 'Read 4 KB from SSD', seconds: ns(20_000) },
      { id: 'dc-round-trip', operation: 'Datacenter round trip', seconds: ns(50_000) },
      { id: 'memory-1mb', operation: 'Read 1 MB sequentially from memory', seconds: ns(64_000) },
      { id: 'network-1mb-100gbps', operation: 'Read 1 MB over 100 Gbps network', seconds: ns(100_000) },
      { id: 'ssd-1mb', operation: 'Read 1 MB from SSD', seconds: ns(1_000_000) },
      { id: 'disk-seek', operation: 'Disk seek', seconds: ns(5_000_000) },
      { id: 'disk-1mb', operation: 'Read 1 MB from disk', seconds: ns(10_000_000) },
      {
        id: 'ca-nl-ca',
        operation: 'Send packet CA → Netherlands → CA',
        seconds: ns(150_000_000),
        note: 'a transatlantic round trip; US coast to coast is ~60–70 ms (see the GPU-era table)',
      },
    ],
  },
  {
    id: 'gpu-era',
    title: 'GPU-era latencies for AI infrastructure',
    caveat:
      'Order-of-magnitude figures for whiteboard reasoning. The NCCL rows come from NCCL’s own cost model (its per-step latencies), not a benchmark; HBM and kernel-launch figures are typical published measurements and vary by GPU, driver and access pattern.',
    sources: [
      NCCL_TUNING,
      {
        title:
          "Luo et al., 'Benchmarking and Dissecting the Nvidia Hopper GPU Architecture', IPDPS 2024 (arXiv:2402.13499)",
        locator:
          'memory-latency microbenchmarks (global memory several hundred ns); figure from memory of the paper, not re-read here',
        url: 'https://arxiv.org/abs/2402.13499',
      },
      {
        title: "NVIDIA Technical Blog, 'Getting Started with CUDA Graphs' (A. Gray, 2019)",
        locator:
          'per-kernel launch overhead of a few µs that graphs amortize; figure from memory, not re-read here',
        url: 'https://developer.nvidia.com/blog/cuda-graphs/',
      },
      {
        title:
          'Cloud backbone round-trip measurements, US West ↔ US East (anmho.com) and light-in-fibre bounds (kel.bz)',
        locator:
          '~60–85 ms on a good backbone path; light in fibre ~5 µs/km sets a ~40 ms floor for ~4,000 km',
        url: 'https://www.anmho.com/articles/us-west-to-us-east-rtt',
      },
    ],
    rows: [
      { id: 'nvlink-hop', operation: 'NVLink hop (one ring step)', seconds: us(0.47), note: 'NCCL model' },
      {
        id: 'hbm-access',
        operation: 'HBM load from a GPU thread (L2 miss)',
        seconds: ns(500),
        note: 'several hundred ns; hidden by parallelism, which is why bandwidth, not latency, bounds decode',
      },
      { id: 'pcie-hop', operation: 'PCIe hop (one ring step)', seconds: us(1), note: 'NCCL model' },
      {
        id: 'network-hop',
        operation: 'InfiniBand/RoCE hop between nodes (one ring step)',
        seconds: us(2.7),
        note: 'NCCL model; ~2 µs on a good fabric',
      },
      {
        id: 'kernel-launch',
        operation: 'CUDA kernel launch overhead',
        seconds: us(4),
        note: '~2–5 µs per launch; CUDA graphs cut it',
      },
      {
        id: 'nccl-allreduce-small',
        operation: 'NCCL all-reduce of 16 KB over 8 NVLink GPUs',
        seconds: us(10.2),
        note: '3.6 µs + 14 ring steps × 0.47 µs; 80 layers × 2 per token make ~1.6 ms of a 70B decode step',
      },
      {
        id: 'us-coast-to-coast',
        operation: 'US coast-to-coast round trip',
        seconds: ns(65_000_000),
        note: '~60–70 ms; CA → Netherlands → CA is 150 ms',
      },
    ],
  },
]
