import type { NewLogEntry } from './storage.ts'

/** A caller waiting for the commit of the batch its item is in. */
interface Waiting<Item, Result> {
  item: Item
  resolve(result: Result): void
  reject(error: unknown): void
}

/** How much one batch may hold. */
export interface BatchLimits<Item> {
  /** Most items in one batch. */
  maxItems: number
  /** Most total weight in one batch (by `weigh`); a single heavier item still goes, alone. */
  maxWeight: number
  /** An item's weight, say its size in bytes. */
  weigh(item: Item): number
  /**
   * Waited for before the first batch after an idle spell is taken. Without it the first
   * item commits at once, which suits a database whose commit is asynchronous (items gather
   * while it is in flight); a synchronous commit gathers nothing that way, so it waits for
   * the end of the event loop's turn (`setImmediate`) and takes everything received in it.
   */
  gather?: () => Promise<void>
}

/**
 * Group commit: items submitted while a commit is in flight wait and go together in the next
 * one, so a database whose every commit waits for an fsync commits many items per fsync.
 * When idle, the first item commits at once, or after `limits.gather`; one batch is in flight
 * at a time, so batches commit in submission order and items keep their order within a batch.
 *
 * @example const appends = new GroupCommit((entries) => storeAll(entries)); await appends.submit(entry)
 */
export class GroupCommit<Item, Result> {
  readonly #commit: (items: Item[]) => Promise<Result[]>
  readonly #limits: BatchLimits<Item>
  #waiting: Array<Waiting<Item, Result>> = []
  /** Settles when the batches in flight and queued behind them are done; null when idle. */
  #draining: Promise<void> | null = null

  /**
   * `commit` stores a whole batch in one transaction and resolves with one result per item,
   * in order, once it is durable; it rejects when nothing of the batch was stored.
   */
  constructor(commit: (items: Item[]) => Promise<Result[]>, limits: BatchLimits<Item>) {
    this.#commit = commit
    this.#limits = limits
  }

  /** Resolves with the item's result once its batch committed; rejects with the batch's error. */
  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject })
      this.#draining ??= this.#drain()
    })
  }

  /** Resolves once every item submitted so far has been committed or refused. */
  async settled(): Promise<void> {
    while (this.#draining) await this.#draining
  }

  async #drain(): Promise<void> {
    try {
      if (this.#limits.gather) await this.#limits.gather()
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.#nextBatchLength())
        try {
          const results = await this.#commit(batch.map((waiting) => waiting.item))
          // Only a wrong commit function could answer otherwise; no caller gets a made-up result.
          if (results.length !== batch.length)
            throw new Error(`a batch of ${batch.length} committed with ${results.length} results`)
          for (const [index, waiting] of batch.entries()) waiting.resolve(results[index] as Result)
        } catch (error) {
          for (const waiting of batch) waiting.reject(error)
        }
      }
    } finally {
      this.#draining = null
    }
  }

  /** How many of the waiting items, from the first, the next batch takes (at least one). */
  #nextBatchLength(): number {
    const { maxItems, maxWeight, weigh } = this.#limits
    let weight = 0
    let length = 0
    for (const { item } of this.#waiting) {
      weight += weigh(item)
      if (length === maxItems || (length > 0 && weight > maxWeight)) break
      length++
    }
    return length
  }
}

/** An update waiting in a group commit to be appended to a room's log. */
export interface PendingAppend {
  roomId: string
  entry: NewLogEntry
}

/** Limits for a batch of appends: at most `maxItems` updates and 16 MiB of them. */
export function appendBatchLimits(maxItems: number): BatchLimits<PendingAppend> {
  return { maxItems, maxWeight: 16 * 1024 * 1024, weigh: (item) => item.entry.update.byteLength }
}
