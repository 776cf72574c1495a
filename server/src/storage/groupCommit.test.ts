import { describe, expect, it } from 'vitest'
import { GroupCommit } from './groupCommit.ts'

/** A commit that records its batches and answers each item doubled, once released. */
function recordingCommit() {
  const batches: number[][] = []
  const releases: Array<() => void> = []
  const commit = async (items: number[]) => {
    batches.push(items)
    await new Promise<void>((resolve) => releases.push(resolve))
    return items.map((item) => item * 2)
  }
  /** Lets the commits in flight finish, one turn at a time, until none is left. */
  const releaseAll = async () => {
    for (let turn = 0; turn < 100; turn++) {
      for (const release of releases.splice(0)) release()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return { batches, commit, releaseAll }
}

describe('GroupCommit', () => {
  it('commits the first item at once and the ones arriving meanwhile together, in order', async () => {
    const { batches, commit, releaseAll } = recordingCommit()
    const group = new GroupCommit(commit, { maxItems: 10, maxWeight: 100, weigh: () => 1 })
    const results = [1, 2, 3, 4].map((item) => group.submit(item))
    expect(batches).toEqual([[1]])
    await releaseAll()
    expect(await Promise.all(results)).toEqual([2, 4, 6, 8])
    expect(batches).toEqual([[1], [2, 3, 4]])
  })

  it('caps a batch by number of items and by weight, sending an overweight item alone', async () => {
    const { batches, commit, releaseAll } = recordingCommit()
    const group = new GroupCommit(commit, { maxItems: 3, maxWeight: 10, weigh: (item) => item })
    const items = [0, 1, 1, 1, 1, 4, 5, 2, 50, 3]
    const results = items.map((item) => group.submit(item))
    await releaseAll()
    expect(await Promise.all(results)).toEqual(items.map((item) => item * 2))
    expect(batches).toEqual([[0], [1, 1, 1], [1, 4, 5], [2], [50], [3]])
  })

  it('rejects every item of a failed batch with its error, and goes on with the next', async () => {
    let calls = 0
    const group = new GroupCommit(
      async (items: string[]) => {
        calls++
        await new Promise((resolve) => setImmediate(resolve))
        if (items.includes('bad')) throw new Error('refused')
        return items.map((item) => item.length)
      },
      { maxItems: 10, maxWeight: 10, weigh: () => 1 },
    )
    const first = group.submit('a')
    const failed = [group.submit('bb'), group.submit('bad')]
    expect(await first).toBe(1)
    for (const result of failed) await expect(result).rejects.toThrow('refused')
    expect(await group.submit('ccc')).toBe(3)
    expect(calls).toBe(3)
  })

  it('refuses a batch the commit answered with the wrong number of results', async () => {
    const group = new GroupCommit(async () => [1], { maxItems: 10, maxWeight: 10, weigh: () => 1 })
    const first = group.submit('a')
    const second = [group.submit('b'), group.submit('c')]
    expect(await first).toBe(1)
    for (const result of second) await expect(result).rejects.toThrow(/2 committed with 1/)
  })

  it('settles once every item submitted so far is done', async () => {
    const { commit, releaseAll } = recordingCommit()
    const group = new GroupCommit(commit, { maxItems: 2, maxWeight: 10, weigh: () => 1 })
    let settled = false
    const results = [1, 2, 3, 4, 5].map((item) => group.submit(item))
    const waiting = group.settled().then(() => {
      settled = true
    })
    expect(settled).toBe(false)
    await releaseAll()
    await waiting
    expect(settled).toBe(true)
    expect(await Promise.all(results)).toEqual([2, 4, 6, 8, 10])
    await group.settled()
  })

  it('with gather, waits before taking the first batch and takes everything submitted meanwhile', async () => {
    const { batches, commit, releaseAll } = recordingCommit()
    const gather = () => new Promise<void>((resolve) => setImmediate(resolve))
    const group = new GroupCommit(commit, { maxItems: 10, maxWeight: 100, weigh: () => 1, gather })
    const first = group.submit(1)
    await Promise.resolve()
    const later = [2, 3].map((item) => group.submit(item))
    expect(batches).toEqual([])
    await releaseAll()
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6])
    expect(batches).toEqual([[1, 2, 3]])
  })
})
