/**
 * Picking a replica: round-robin, least-loaded, or prefix-affinity (a request goes to the replica
 * its shared prefix hashes to, unless that one carries far more than the least-loaded). Loads sit
 * in a min-tree (a segment tree over replicas), so least-loaded is O(1) to read and O(log n) to
 * update; a lost replica's load is +∞ and it is never picked.
 */

/** Router policies. */
export type RouterPolicy = 'round-robin' | 'least-loaded' | 'prefix-affinity'

/** Replica loads with the least-loaded one always at hand. */
export class LoadTree {
  private readonly size: number
  private readonly mins: Float64Array
  private readonly at: Int32Array
  readonly n: number

  constructor(n: number) {
    this.n = n
    let size = 1
    while (size < n) size *= 2
    this.size = size
    this.mins = new Float64Array(2 * size).fill(Number.POSITIVE_INFINITY)
    this.at = new Int32Array(2 * size).fill(-1)
    for (let i = 0; i < n; i++) this.set(i, 0)
  }

  /** Load of replica i. */
  get(i: number): number {
    return this.mins[this.size + i] as number
  }

  set(i: number, load: number): void {
    let k = this.size + i
    this.mins[k] = load
    this.at[k] = i
    while (k > 1) {
      k >>= 1
      const l = 2 * k
      const left = this.mins[l] as number
      const right = this.mins[l + 1] as number
      const pick = right < left ? l + 1 : l
      this.mins[k] = this.mins[pick] as number
      this.at[k] = this.at[pick] as number
    }
  }

  add(i: number, delta: number): void {
    this.set(i, this.get(i) + delta)
  }

  /** The least-loaded replica, or -1 when every one is lost. */
  argmin(): number {
    return Number.isFinite(this.mins[1] as number) ? (this.at[1] as number) : -1
  }
}

/** Chooses a replica for each request under a policy. */
export class Router {
  private cursor = 0

  readonly policy: RouterPolicy
  readonly loads: LoadTree

  /** How much more than the least-loaded replica the prefix's replica may carry before spilling. */
  private readonly spill: number

  constructor(policy: RouterPolicy, loads: LoadTree, spill: number) {
    this.policy = policy
    this.loads = loads
    this.spill = spill
  }

  /**
   * The replica for a request of prefix group `group` at time `now`; -1 when none is alive.
   * Loads may be absolute times a replica is free at: `now` makes them backlogs for the spill.
   */
  pick(group: number, now = 0): number {
    const loads = this.loads
    const least = loads.argmin()
    if (least < 0) return -1
    if (this.policy === 'least-loaded') return least
    if (this.policy === 'round-robin') {
      for (let tries = 0; tries < loads.n; tries++) {
        const i = this.cursor
        this.cursor = (this.cursor + 1) % loads.n
        if (Number.isFinite(loads.get(i))) return i
      }
      return least
    }
    // Multiplicative hashing spreads group ids over replicas; a lost one falls back to least.
    const home = Math.imul(group + 1, 0x9e3779b1) >>> 0
    const i = home % loads.n
    const backlog = loads.get(i) - now
    const leastBacklog = Math.max(0, loads.get(least) - now)
    return Number.isFinite(backlog) && backlog <= leastBacklog * 2 + this.spill ? i : least
  }
}

/** A replica's most recently served prefix groups (a small ring: hits are checked by scanning it). */
export class PrefixCache {
  private readonly slots: Int32Array
  private readonly cursors: Int32Array
  readonly replicas: number
  readonly perReplica: number

  constructor(replicas: number, perReplica: number) {
    this.replicas = replicas
    this.perReplica = perReplica
    this.slots = new Int32Array(Math.max(1, replicas * perReplica)).fill(-1)
    this.cursors = new Int32Array(Math.max(1, replicas))
  }

  /** Whether replica i holds group g; remembers it either way. */
  touch(i: number, g: number): boolean {
    const n = this.perReplica
    if (n === 0) return false
    const from = i * n
    for (let k = from; k < from + n; k++) if (this.slots[k] === g) return true
    const cursor = this.cursors[i] as number
    this.slots[from + cursor] = g
    this.cursors[i] = (cursor + 1) % n
    return false
  }
}
