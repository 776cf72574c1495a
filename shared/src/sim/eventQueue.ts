/** Bits of an event's payload: kind (6), a (20), b (26): 52 bits, exact in a float64. */
const B_SPAN = 2 ** 26
const A_BITS = 20

/**
 * The simulator's future events: a binary min-heap on time kept in two typed arrays (the time,
 * and the kind and two integers packed into one float64), so millions of events cost no
 * allocation each and a heap step moves two numbers. An event's integers are e.g. a replica index
 * and a request number or a generation that invalidates stale events: a < 2²⁰, b < 2²⁶,
 * kind < 64. Events at the same time come out in an order fixed by the pushes and pops before
 * them, so a run is still the same for the same seed.
 */
export class EventQueue {
  private times = new Float64Array(1024)
  private payloads = new Float64Array(1024)
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
    const times = this.times
    const payloads = this.payloads
    const payload = ((kind << A_BITS) | a) * B_SPAN + b
    let i = this.size++
    // Sift up: move parents down until the slot fits.
    while (i > 0) {
      const parent = (i - 1) >> 1
      const parentTime = times[parent] as number
      if (parentTime <= time) break
      times[i] = parentTime
      payloads[i] = payloads[parent] as number
      i = parent
    }
    times[i] = time
    payloads[i] = payload
  }

  /** Removes the earliest event into `time`, `kind`, `a`, `b`; false when there is none. */
  pop(): boolean {
    if (this.size === 0) return false
    const times = this.times
    const payloads = this.payloads
    this.time = times[0] as number
    const top = payloads[0] as number
    this.b = top % B_SPAN
    const high = (top - this.b) / B_SPAN
    this.a = high & ((1 << A_BITS) - 1)
    this.kind = high >>> A_BITS
    const last = --this.size
    if (last === 0) return true
    const time = times[last] as number
    const payload = payloads[last] as number
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= last) break
      const right = left + 1
      const child = right < last && (times[right] as number) < (times[left] as number) ? right : left
      const childTime = times[child] as number
      if (childTime >= time) break
      times[i] = childTime
      payloads[i] = payloads[child] as number
      i = child
    }
    times[i] = time
    payloads[i] = payload
    return true
  }

  private grow(): void {
    const n = this.times.length * 2
    const times = new Float64Array(n)
    times.set(this.times)
    const payloads = new Float64Array(n)
    payloads.set(this.payloads)
    this.times = times
    this.payloads = payloads
  }
}
