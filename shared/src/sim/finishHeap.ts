/**
 * A replica's running sequences by the step they finish at (a binary min-heap), each entry
 * stamped with the sequence's epoch so one that was preempted is skipped when it surfaces.
 */
export class FinishHeap {
  private steps: number[] = []
  private reqs: number[] = []
  private epochs: number[] = []

  get length(): number {
    return this.steps.length
  }

  push(step: number, r: number, epoch: number): void {
    const steps = this.steps
    let i = steps.length
    steps.push(step)
    this.reqs.push(r)
    this.epochs.push(epoch)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((steps[parent] as number) <= step) break
      this.swap(i, parent)
      i = parent
    }
  }

  /** The earliest finishing step (Infinity when empty). */
  peekStep(): number {
    return this.steps.length > 0 ? (this.steps[0] as number) : Number.POSITIVE_INFINITY
  }

  /** Removes the earliest entry; its request and epoch are returned through `out`. */
  pop(out: { r: number; epoch: number }): void {
    out.r = this.reqs[0] as number
    out.epoch = this.epochs[0] as number
    const last = this.steps.length - 1
    this.swap(0, last)
    this.steps.pop()
    this.reqs.pop()
    this.epochs.pop()
    const steps = this.steps
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= last) break
      const rr = l + 1
      const c = rr < last && (steps[rr] as number) < (steps[l] as number) ? rr : l
      if ((steps[c] as number) >= (steps[i] as number)) break
      this.swap(i, c)
      i = c
    }
  }

  clear(): void {
    this.steps = []
    this.reqs = []
    this.epochs = []
  }

  private swap(i: number, j: number): void {
    const s = this.steps
    const r = this.reqs
    const e = this.epochs
    const ts = s[i] as number
    s[i] = s[j] as number
    s[j] = ts
    const tr = r[i] as number
    r[i] = r[j] as number
    r[j] = tr
    const te = e[i] as number
    e[i] = e[j] as number
    e[j] = te
  }
}
