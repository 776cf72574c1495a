import type { LatencyTable } from './schemas.ts'

/** Nanoseconds to seconds, so rows read as in the published tables. */
const ns = (n: number) => n * 1e-9

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
        id: 'cross-country-round-trip',
        operation: 'Cross-country network round trip',
        seconds: ns(150_000_000),
      },
    ],
  },
]
