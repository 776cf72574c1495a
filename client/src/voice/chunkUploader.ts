import { type VoiceChunkMeta, VoiceHeader, voiceUploadPath } from '@roofline/shared'

/** One recorded chunk, as the upload endpoint takes it: its headers' metadata, number and bytes. */
export type VoiceChunk = VoiceChunkMeta & { seq: number; bytes: Blob }

/** What the uploader reports to the controls. */
export interface UploadStatus {
  /** Chunks recorded and not yet acknowledged by the server. */
  pending: number
  /** Chunks the server acknowledged (stored or already had). */
  acknowledged: number
  /** A refusal that will not go away by retrying (size limit, recording off); null when fine. */
  refused: string | null
  /** Retrying after a failure (the network dropped, the server restarts). */
  retrying: boolean
}

/** Delay before retry number `attempt` (0-based): 0.5 s doubling up to 10 s, with jitter so peers do not retry in step. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** attempt)
  return Math.round(base * (0.75 + random() * 0.5))
}

/** An upload answer that retrying cannot change. */
class Refused extends Error {}
/** The server's answer for a chunk that began after recording ended. */
class AfterRecording extends Error {}

/**
 * Uploads a participant's chunks in order, one at a time: `PUT .../voice/:seat/chunks/:seq`
 * with the seat's token. A failed upload (no network, a 5xx while the server restarts) is
 * retried with backoff until it is acknowledged, so nothing recorded is dropped while the page
 * is open; the server deduplicates a chunk sent twice (same bytes), so a retry after a lost
 * answer is harmless. A refusal (4xx) stops the queue with the server's reason.
 */
export class ChunkUploader {
  readonly #queue: VoiceChunk[] = []
  readonly #url: (chunk: VoiceChunk) => string
  readonly #token: string
  readonly #onStatus: (status: UploadStatus) => void
  #acknowledged = 0
  #refused: string | null = null
  #retrying = false
  #running = false
  #closed = false

  constructor(options: {
    sessionId: string
    seat: string
    token: string
    onStatus(status: UploadStatus): void
  }) {
    this.#url = (chunk) => voiceUploadPath(options.sessionId, options.seat, chunk.seq)
    this.#token = options.token
    this.#onStatus = options.onStatus
  }

  /** Queues `chunk` for upload. */
  add(chunk: VoiceChunk): void {
    if (this.#closed || this.#refused) return
    this.#queue.push(chunk)
    this.#report()
    void this.#drain()
  }

  /** Stops after the current attempt; queued chunks are dropped (the page is going away). */
  close(): void {
    this.#closed = true
  }

  /** Resolves once every queued chunk is acknowledged (or the queue was refused/closed). */
  async flushed(): Promise<void> {
    while (this.#queue.length > 0 && !this.#refused && !this.#closed) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  async #drain(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      let attempt = 0
      while (this.#queue.length > 0 && !this.#closed && !this.#refused) {
        const chunk = this.#queue[0] as VoiceChunk
        try {
          await this.#put(chunk)
          this.#queue.shift()
          this.#acknowledged++
          attempt = 0
          this.#retrying = false
        } catch (error) {
          if (error instanceof AfterRecording) {
            this.#queue.shift()
          } else if (error instanceof Refused) this.#refused = error.message
          else {
            this.#retrying = true
            this.#report()
            await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt++)))
          }
        }
        this.#report()
      }
    } finally {
      this.#running = false
    }
  }

  async #put(chunk: VoiceChunk): Promise<void> {
    let response: Response
    try {
      response = await fetch(this.#url(chunk), {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${this.#token}`,
          'content-type': 'application/octet-stream',
          [VoiceHeader.track]: String(chunk.track),
          [VoiceHeader.at]: String(Math.round(chunk.at)),
          [VoiceHeader.duration]: String(Math.round(chunk.durationMs)),
          [VoiceHeader.levels]: chunk.levels.join(','),
          [VoiceHeader.mime]: chunk.mime,
        },
        body: chunk.bytes,
      })
    } catch {
      throw new Error('network')
    }
    if (response.ok) return
    const body = (await response.json().catch(() => ({}))) as {
      error?: string
      message?: string
      afterRecording?: boolean
    }
    // A chunk begun after recording ended (this browser heard of the end a moment late): that
    // audio is not recorded, by the rule the person saw; it is dropped, not an error.
    if (body.afterRecording === true) throw new AfterRecording()
    const reason = body.error ?? body.message ?? `The server answered ${response.status}.`
    // 408/429/5xx pass (a restart, a busy server); any other refusal stays a refusal.
    if (response.status >= 500 || response.status === 408 || response.status === 429) throw new Error(reason)
    throw new Refused(reason)
  }

  #report(): void {
    this.#onStatus({
      pending: this.#queue.length,
      acknowledged: this.#acknowledged,
      refused: this.#refused,
      retrying: this.#retrying,
    })
  }
}
