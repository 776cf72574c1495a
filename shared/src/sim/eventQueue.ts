/**
 * The simulator's future events: a binary min-heap on time kept in typed arrays, so millions of
 * events cost no allocation each. An event is a kind and two integers (e.g. a replica index and
 * a generation that invalidates stale events). Events at the same time come out in an order
 * fixed by the pushes and pops before them, so a run is still the same for the same seed.
 */
export class EventQueue {
  private times = new Float64Array(1024)
  private kinds = new Int32Array(1024)
  private as = new Int32Array(1024)
  private bs = new Int32Array(1024)
  private size = 0
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
    const times = this.times
    // Sift up: move parents down until the slot fits.
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((times[parent] as number) <= time) break
      this.move(parent, i)
      i = parent
    }
    this.put(i, time, kind, a, b)
  }

  /** Removes the earliest event into `time`, `kind`, `a`, `b`; false when there is none. */
  pop(): boolean {
    if (this.size === 0) return false
    const times = this.times
    this.time = times[0] as number
    this.kind = this.kinds[0] as number
    this.a = this.as[0] as number
    this.b = this.bs[0] as number
    const last = --this.size
    if (last === 0) return true
    const time = times[last] as number
    const kind = this.kinds[last] as number
    const a = this.as[last] as number
    const b = this.bs[last] as number
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= last) break
      const right = left + 1
      const child = right < last && (times[right] as number) < (times[left] as number) ? right : left
      if ((times[child] as number) >= time) break
      this.move(child, i)
      i = child
    }
    this.put(i, time, kind, a, b)
    return true
  }

  private put(i: number, time: number, kind: number, a: number, b: number): void {
    this.times[i] = time
    this.kinds[i] = kind
    this.as[i] = a
    this.bs[i] = b
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number
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
    this.kinds = widen(this.kinds, (k) => new Int32Array(k))
    this.as = widen(this.as, (k) => new Int32Array(k))
    this.bs = widen(this.bs, (k) => new Int32Array(k))
  }
}
