/**
 * NTP-style estimation of the offset between a client's clock and the server's, so that a
 * client can compute `serverNow = Date.now() + offsetMs` and show the same timer as everyone
 * else. Pure: the caller does the pinging and passes the timestamps in.
 *
 * @example
 * const samples: ClockSample[] = []
 * // for a few pings: const sent = Date.now(); const { serverAt } = await ping(); samples.push({
 * //   clientSentAt: sent, serverAt, clientReceivedAt: Date.now() })
 * const best = bestOffset(samples)
 * const serverNow = Date.now() + (best?.offsetMs ?? 0)
 */

/**
 * One ping: when the client sent it and got the reply (client clock, ms) and the server's
 * clock (ms) when it answered.
 *
 * @example
 * const s: ClockSample = { clientSentAt: 1_000, serverAt: 6_050, clientReceivedAt: 1_100 }
 */
export interface ClockSample {
  /** Client clock (ms) when the ping was sent. */
  clientSentAt: number
  /** Server clock (ms) when it answered. */
  serverAt: number
  /** Client clock (ms) when the reply arrived. */
  clientReceivedAt: number
}

/**
 * The offset (server clock minus client clock) and round-trip time of one sample, assuming the
 * server answered halfway through the round trip:
 * `offsetMs = serverAt - (clientSentAt + clientReceivedAt) / 2`, `rttMs = clientReceivedAt - clientSentAt`.
 * With symmetric delays the offset is exact; otherwise its error is at most `rttMs / 2`.
 *
 * @example
 * sampleOffset({ clientSentAt: 1_000, serverAt: 6_050, clientReceivedAt: 1_100 })
 * // { offsetMs: 5000, rttMs: 100 }
 */
export function sampleOffset(s: ClockSample): { offsetMs: number; rttMs: number } {
  return {
    offsetMs: s.serverAt - (s.clientSentAt + s.clientReceivedAt) / 2,
    rttMs: s.clientReceivedAt - s.clientSentAt,
  }
}

/**
 * The estimate from the sample with the lowest round-trip time: its error bound (`rttMs / 2`)
 * is the smallest, so asymmetric delay hurts it least. Samples that cannot be real (non-finite
 * timestamps, or a reply received before it was sent) are ignored; on a tie the earlier sample
 * in the array wins. `null` when no usable sample is given.
 *
 * @example
 * bestOffset([
 *   { clientSentAt: 0, serverAt: 5_300, clientReceivedAt: 400 },   // rtt 400, offset 5100
 *   { clientSentAt: 1_000, serverAt: 6_020, clientReceivedAt: 1_040 }, // rtt 40, offset 5000
 * ]) // { offsetMs: 5000, rttMs: 40 }
 * bestOffset([]) // null
 */
export function bestOffset(samples: ClockSample[]): { offsetMs: number; rttMs: number } | null {
  let best: { offsetMs: number; rttMs: number } | null = null
  for (const s of samples) {
    if (![s.clientSentAt, s.serverAt, s.clientReceivedAt].every(Number.isFinite)) continue
    const estimate = sampleOffset(s)
    if (estimate.rttMs < 0) continue
    if (best === null || estimate.rttMs < best.rttMs) best = estimate
  }
  return best
}
