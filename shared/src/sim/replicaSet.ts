import { PoolStats } from './metrics.ts'
import { type ReplicaSpeed, replicaSpeed } from './replicaSpeed.ts'
import { LoadTree, PrefixCache, Router, type RouterPolicy } from './router.ts'
import type { ServingPool } from './scenario.ts'

/**
 * The replicas of every pool that plays one role (prefill, decode or colocated), side by side,
 * so a router picks among all of them (a lost region's replicas simply drop out): each replica
 * knows its pool, its speed and whether it is alive.
 */
export class ReplicaSet {
  readonly pools: PoolStats[]
  readonly speeds: ReplicaSpeed[]
  /** Pool index of each replica. */
  readonly poolOf: Int32Array
  readonly alive: Uint8Array
  readonly loads: LoadTree
  readonly router: Router
  readonly prefixes: PrefixCache
  readonly n: number
  /** Replicas still alive, per pool. */
  readonly aliveCount: number[]
  readonly specs: readonly ServingPool[]

  constructor(specs: readonly ServingPool[], policy: RouterPolicy, spill: number) {
    this.specs = specs
    this.pools = specs.map(() => new PoolStats())
    this.speeds = specs.map((p) => replicaSpeed(p))
    this.n = specs.reduce((sum, p) => sum + p.replicas, 0)
    this.poolOf = new Int32Array(this.n)
    this.alive = new Uint8Array(this.n).fill(1)
    this.aliveCount = specs.map((p) => p.replicas)
    let i = 0
    for (const [k, p] of specs.entries()) for (let j = 0; j < p.replicas; j++) this.poolOf[i++] = k
    this.loads = new LoadTree(this.n)
    this.router = new Router(policy, this.loads, spill)
    this.prefixes = new PrefixCache(this.n, Math.max(0, ...specs.map((p) => p.prefixCacheGroups)))
  }

  speedOf(i: number): ReplicaSpeed {
    return this.speeds[this.poolOf[i] as number] as ReplicaSpeed
  }

  statsOf(i: number): PoolStats {
    return this.pools[this.poolOf[i] as number] as PoolStats
  }

  /**
   * Marks `count` alive replicas of pool k lost (the last ones first) and returns them.
   */
  lose(k: number, count: number): number[] {
    const lost: number[] = []
    for (let i = this.n - 1; i >= 0 && lost.length < count; i--) {
      if (this.poolOf[i] !== k || !this.alive[i]) continue
      this.alive[i] = 0
      this.loads.set(i, Number.POSITIVE_INFINITY)
      lost.push(i)
    }
    this.aliveCount[k] = (this.aliveCount[k] ?? 0) - lost.length
    return lost
  }

  /** Replica-seconds alive over [0, t], given when each was lost (integrated by the caller). */
  totalAlive(): number {
    return this.aliveCount.reduce((a, b) => a + b, 0)
  }
}
