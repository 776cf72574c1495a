import { describe, expect, it } from 'vitest'
import { TurnQueue } from './turnQueue.ts'

/** Busy-waits `ms` of wall time: a message that is costly to apply. */
function costly(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // spin
  }
}

describe('TurnQueue', () => {
  it('runs a message at once when nothing waits', () => {
    const ran: number[] = []
    const queue = new TurnQueue<number>((n) => ran.push(n))
    queue.push(1)
    queue.push(2)
    expect(ran).toEqual([1, 2])
  })

  it('gives the event loop back once a turn took its slice, and keeps the order', async () => {
    const ran: string[] = []
    const queue = new TurnQueue<number>((n) => {
      costly(8)
      ran.push(`m${n}`)
    }, 20)
    for (let n = 0; n < 10; n++) queue.push(n)
    // Another client's work, queued behind the first turn: it runs before the backlog is done.
    setImmediate(() => ran.push('other'))
    expect(queue.waiting).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(ran.filter((entry) => entry !== 'other')).toEqual(Array.from({ length: 10 }, (_, n) => `m${n}`))
    const other = ran.indexOf('other')
    expect(other).toBeGreaterThan(0)
    expect(other).toBeLessThan(ran.length - 1)
  })

  it('runs nothing more once closed', async () => {
    const ran: number[] = []
    const queue = new TurnQueue<number>((n) => {
      costly(15)
      ran.push(n)
    }, 10)
    for (let n = 0; n < 5; n++) queue.push(n)
    queue.close()
    queue.push(9)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(ran).toEqual([0])
  })
})
