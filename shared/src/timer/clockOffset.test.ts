import { describe, expect, it } from 'vitest'
import { bestOffset, type ClockSample, sampleOffset } from './clockOffset.ts'
import { applyTimerEvent, initialTimerState, type TimerState, timerView } from './timerMachine.ts'

/**
 * Simulates one ping at true time `t`: the request takes `up` ms, the reply `down` ms.
 * Each clock reads true time plus its skew.
 */
function ping(t: number, up: number, down: number, clientSkew: number, serverSkew: number): ClockSample {
  return {
    clientSentAt: t + clientSkew,
    serverAt: t + up + serverSkew,
    clientReceivedAt: t + up + down + clientSkew,
  }
}

describe('sampleOffset', () => {
  it('computes offset = serverAt - midpoint of the client times, and the round trip', () => {
    expect(sampleOffset({ clientSentAt: 1_000, serverAt: 6_050, clientReceivedAt: 1_100 })).toEqual({
      offsetMs: 5_000,
      rttMs: 100,
    })
    expect(sampleOffset({ clientSentAt: 10_000, serverAt: 2_030, clientReceivedAt: 10_060 })).toEqual({
      offsetMs: -8_000,
      rttMs: 60,
    })
  })

  it('is exact when the delay is symmetric, whatever the delay and skews', () => {
    for (const delay of [0, 1, 17, 250, 4_000]) {
      for (const [clientSkew, serverSkew] of [
        [0, 0],
        [123_456, 0],
        [-98_765, 4_321],
        [5, -5],
      ] as const) {
        const s = ping(1_760_000_000_000, delay, delay, clientSkew, serverSkew)
        expect(sampleOffset(s)).toEqual({ offsetMs: serverSkew - clientSkew, rttMs: 2 * delay })
      }
    }
  })

  it('is off by half the asymmetry when delays differ (bounded by rtt/2)', () => {
    const s = ping(0, 300, 100, 0, 1_000)
    const { offsetMs, rttMs } = sampleOffset(s)
    expect(offsetMs - 1_000).toBe(100) // (up - down) / 2
    expect(Math.abs(offsetMs - 1_000)).toBeLessThanOrEqual(rttMs / 2)
  })
})

describe('bestOffset', () => {
  it('returns null for no samples', () => {
    expect(bestOffset([])).toBeNull()
  })

  it('picks the sample with the lowest round trip, wherever it is in the list', () => {
    const samples = [
      ping(0, 400, 20, 0, 1_000), // rtt 420, offset 1190
      ping(1_000, 90, 10, 0, 1_000), // rtt 100, offset 1040
      ping(2_000, 15, 15, 0, 1_000), // rtt 30, offset exactly 1000
      ping(3_000, 10, 200, 0, 1_000), // rtt 210, offset 905
    ]
    expect(bestOffset(samples)).toEqual({ offsetMs: 1_000, rttMs: 30 })
    expect(bestOffset([...samples].reverse())).toEqual({ offsetMs: 1_000, rttMs: 30 })
  })

  it('keeps the earlier sample on a tie', () => {
    const a = ping(0, 30, 10, 0, 500) // rtt 40, offset 510
    const b = ping(0, 10, 30, 0, 500) // rtt 40, offset 490
    expect(bestOffset([a, b])).toEqual({ offsetMs: 510, rttMs: 40 })
    expect(bestOffset([b, a])).toEqual({ offsetMs: 490, rttMs: 40 })
  })

  it('ignores impossible samples (reply before request, non-finite times)', () => {
    const good = ping(0, 50, 50, 0, 2_000)
    const backwards: ClockSample = { clientSentAt: 1_000, serverAt: 9_000, clientReceivedAt: 990 }
    const nan: ClockSample = { clientSentAt: 0, serverAt: Number.NaN, clientReceivedAt: 1 }
    expect(bestOffset([backwards, nan, good])).toEqual({ offsetMs: 2_000, rttMs: 100 })
    expect(bestOffset([backwards, nan])).toBeNull()
  })
})

describe('two clients with different clocks', () => {
  it('compute exactly the same timer view at the same true instant', () => {
    const serverSkew = 777
    const t0 = 1_760_000_000_000
    // The server's state, built with its own clock.
    let state: TimerState = initialTimerState()
    for (const [command, at] of [
      ['start', t0],
      ['pause', t0 + 4 * 60_000],
      ['resume', t0 + 6 * 60_000],
      ['extend', t0 + 7 * 60_000],
    ] as const) {
      const r = applyTimerEvent(state, { command }, at + serverSkew)
      if (!r.ok) throw new Error(r.error)
      state = r.state
    }
    const state2 = JSON.parse(JSON.stringify(state)) as TimerState

    const clients = [
      {
        skew: 123_456,
        pings: [
          [300, 40],
          [25, 25],
          [10, 90],
        ],
      },
      {
        skew: -98_765,
        pings: [
          [200, 10],
          [8, 8],
          [60, 5],
        ],
      },
    ] as const
    const estimates = clients.map(({ skew, pings }) => {
      const samples = pings.map(([up, down], i) => ping(t0 + i * 1_000, up, down, skew, serverSkew))
      const best = bestOffset(samples)
      if (best === null) throw new Error('no estimate')
      expect(best.offsetMs).toBe(serverSkew - skew)
      return { skew, offsetMs: best.offsetMs }
    })

    for (const trueNow of [t0 + 3 * 60_000, t0 + 5 * 60_000, t0 + 20 * 60_000 + 123, t0 + 60 * 60_000]) {
      const [a, b] = estimates.map(({ skew, offsetMs }) => timerView(state2, trueNow + skew + offsetMs))
      expect(a).toEqual(b)
      expect(a).toEqual(timerView(state, trueNow + serverSkew))
    }
  })
})
