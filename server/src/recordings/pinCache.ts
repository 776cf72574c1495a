import { PinCollector, type PinnedCard } from '@roofline/shared/replay'
import type { Storage } from '../storage/storage.ts'

/** Log entries read per page while looking for pins. */
const PAGE = 10_000
/** Sessions whose pins were found lately, by id: finding them reads the whole log once. */
const PIN_CACHE_SIZE = 64

/**
 * The pinned calculations of recent sessions' boards, found once per log length: finding
 * them reads the whole log, and a replay's outline asks for them each time it opens.
 */
export class PinCache {
  readonly #storage: Pick<Storage, 'readLog'>
  /** Pins of a session by id, valid while its log still ends at `lastSeq`. */
  readonly #pins = new Map<string, { lastSeq: number; pins: PinnedCard[] }>()

  constructor(storage: Pick<Storage, 'readLog'>) {
    this.#storage = storage
  }

  /** The pins of session `sessionId`, whose log ends at `lastSeq`. */
  async pinsOf(sessionId: string, lastSeq: number): Promise<PinnedCard[]> {
    const cached = this.#pins.get(sessionId)
    if (cached?.lastSeq === lastSeq) return cached.pins
    const collector = new PinCollector()
    for (let after = 0; ; ) {
      const page = await this.#storage.readLog(sessionId, after, PAGE)
      collector.add(page)
      after = page.at(-1)?.seq ?? after
      if (page.length < PAGE) break
    }
    const pins = collector.pins()
    this.#pins.delete(sessionId)
    this.#pins.set(sessionId, { lastSeq, pins })
    // A Map keeps insertion order: the first key is the least recently computed.
    if (this.#pins.size > PIN_CACHE_SIZE) this.#pins.delete(this.#pins.keys().next().value as string)
    return pins
  }

  /** Forgets a deleted session's pins. */
  forget(sessionId: string): void {
    this.#pins.delete(sessionId)
  }
}
