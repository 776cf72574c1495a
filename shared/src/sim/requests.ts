/**
 * Requests in flight as columns of typed arrays indexed by request number (no object per
 * request), and a growable double-ended queue of request numbers for the waiting lines.
 */
export class RequestTable {
  count = 0
  arrive = new Float64Array(0)
  /** When the request entered the pool it is in now. */
  entered = new Float64Array(0)
  firstToken = new Float64Array(0)
  prompt = new Int32Array(0)
  output = new Int32Array(0)
  group = new Int32Array(0)
  /** Tokens generated so far (kept across preemptions). */
  generated = new Int32Array(0)
  /** Context tokens when admitted to its current decode batch. */
  context = new Int32Array(0)
  /** The replica's step count when admitted. */
  admitStep = new Float64Array(0)
  /** Bumped when the request leaves a batch, so its stale finish entry is skipped. */
  epoch = new Int32Array(0)
  /** Whether it has started service in its current pool (for the wait statistics). */
  started = new Uint8Array(0)

  constructor(capacity: number) {
    this.grow(Math.max(1024, capacity))
  }

  /** A new request's number. */
  add(arrive: number, prompt: number, output: number, group: number): number {
    if (this.count === this.arrive.length) this.grow(this.count * 2)
    const r = this.count++
    this.arrive[r] = arrive
    this.entered[r] = arrive
    this.firstToken[r] = -1
    this.prompt[r] = prompt
    this.output[r] = output
    this.group[r] = group
    return r
  }

  private grow(n: number): void {
    const f = (old: Float64Array) => {
      const next = new Float64Array(n)
      next.set(old)
      return next
    }
    const i = (old: Int32Array) => {
      const next = new Int32Array(n)
      next.set(old)
      return next
    }
    this.arrive = f(this.arrive)
    this.entered = f(this.entered)
    this.firstToken = f(this.firstToken)
    this.admitStep = f(this.admitStep)
    this.prompt = i(this.prompt)
    this.output = i(this.output)
    this.group = i(this.group)
    this.generated = i(this.generated)
    this.context = i(this.context)
    this.epoch = i(this.epoch)
    const started = new Uint8Array(n)
    started.set(this.started)
    this.started = started
  }
}

/** A growable ring buffer of request numbers: push at the back, push at the front, pop the front. */
export class Deque {
  private items = new Int32Array(16)
  private head = 0
  length = 0

  push(r: number): void {
    if (this.length === this.items.length) this.grow()
    this.items[(this.head + this.length++) & (this.items.length - 1)] = r
  }

  unshift(r: number): void {
    if (this.length === this.items.length) this.grow()
    this.head = (this.head - 1) & (this.items.length - 1)
    this.items[this.head] = r
    this.length++
  }

  peek(): number {
    return this.items[this.head] as number
  }

  shift(): number {
    const r = this.items[this.head] as number
    this.head = (this.head + 1) & (this.items.length - 1)
    this.length--
    return r
  }

  /** Empties the queue into `into`, oldest first. */
  drain(into: (r: number) => void): void {
    while (this.length > 0) into(this.shift())
  }

  private grow(): void {
    const next = new Int32Array(this.items.length * 2)
    for (let k = 0; k < this.length; k++)
      next[k] = this.items[(this.head + k) & (this.items.length - 1)] as number
    this.items = next
    this.head = 0
  }
}
