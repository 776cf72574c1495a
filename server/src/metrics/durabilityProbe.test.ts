import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Room } from '../rooms/room.ts'
import { DurabilityProbe } from './durabilityProbe.ts'

describe('DurabilityProbe', () => {
  it('reports the lag from acceptance to the end of the store, and starts a new window on each read', async () => {
    const probe = new DurabilityProbe()
    const room = new Room('probe')
    const update = Y.encodeStateAsUpdate(new Y.Doc())
    for (const lag of [5, 10, 40]) {
      const change = { update, origin: null, at: Date.now() - lag, remote: false }
      await probe.extension.onChange?.(room, change)
    }
    // A change stored by another process (Redis fan-out) is not counted here.
    const remote = { update, origin: null, at: Date.now() - 1000, remote: true }
    await probe.extension.onChange?.(room, remote)
    const summary = probe.read()
    expect(summary.count).toBe(3)
    expect(summary.p50Ms).toBeGreaterThanOrEqual(10)
    expect(summary.p50Ms).toBeLessThan(40)
    expect(summary.maxMs).toBeGreaterThanOrEqual(40)
    expect(probe.read()).toEqual({ count: 0, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null })
    room.destroy()
  })
})
