/**
 * The simulator's future events: a binary min-heap on (time, insertion order) kept in typed
 * arrays, so millions of events cost no allocation each. An event is a kind and two integers
 * (e.g. a replica index and a generation that invalidates stale events).
 */
export class EventQueue {
  private times = new Float64Array(1024)
  private order = new Float64Array(1024)
  private kinds = new Int32Array(1024)
  private as = new Int32Array(1024)
  private bs = new Int32Array(1024)
  private size = 0
  private counter = 0
  /** The popped event's fields (valid until the next pop). */
  time = 0
  kind = 0
  a = 0
  b = 0

  /** Events waiting. */
  get length(): number {
    return this.size
  }

  /** Schedules an event. */
  push(time: number, kind: number, a = 0, b = 0): void {
    if (this.size === this.times.length) this.grow()
    let i = this.size++
    const order = this.counter++
    // Sift up: move parents down until the slot fits.
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(time, order, parent)) break
      this.move(parent, i)
      i = parent
    }
    this.times[i] = time
    this.order[i] = order
    this.kinds[i] = kind
    this.as[i] = a
    this.bs[i] = b
  }

  /** Removes the earliest event into `time`, `kind`, `a`, `b`; false when there is none. */
  pop(): boolean {
    if (this.size === 0) return false
    this.time = this.times[0] as number
    this.kind = this.kinds[0] as number
    this.a = this.as[0] as number
    this.b = this.bs[0] as number
    const last = --this.size
    if (last === 0) return true
    const time = this.times[last] as number
    const order = this.order[last] as number
    const kind = this.kinds[last] as number
    const a = this.as[last] as number
    const b = this.bs[last] as number
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= last) break
      const right = left + 1
      const child = right < last && this.less(right, left) ? right : left
      if (!this.before(this.times[child] as number, this.order[child] as number, -1, time, order)) break
      this.move(child, i)
      i = child
    }
    this.times[i] = time
    this.order[i] = order
    this.kinds[i] = kind
    this.as[i] = a
    this.bs[i] = b
    return true
  }

  /** Whether (time, order) comes before slot `j` (or before the given pair when j is -1). */
  private before(time: number, order: number, j: number, jt = 0, jo = 0): boolean {
    const t = j < 0 ? jt : (this.times[j] as number)
    const o = j < 0 ? jo : (this.order[j] as number)
    return time < t || (time === t && order < o)
  }

  private less(i: number, j: number): boolean {
    return this.before(this.times[i] as number, this.order[i] as number, j)
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number
    this.order[to] = this.order[from] as number
    this.kinds[to] = this.kinds[from] as number
    this.as[to] = this.as[from] as number
    this.bs[to] = this.bs[from] as number
  }

  private grow(): void {
    const n = this.times.length * 2
    const widen = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(n)
      next.set(old)
      return next
    }
    this.times = widen(this.times, (k) => new Float64Array(k))
    this.order = widen(this.order, (k) => new Float64Array(k))
    this.kinds = widen(this.kinds, (k) => new Int32Array(k))
    this.as = widen(this.as, (k) => new Int32Array(k))
    this.bs = widen(this.bs, (k) => new Int32Array(k))
  }
}
