import type { Seat, VoiceChunkMeta, VoiceTracks, VoiceUploadResult } from '@roofline/shared'
import { levelSlotMs } from '@roofline/shared'
import type { SessionData } from '@roofline/shared/session'
import { checkRecordingLink } from '../links/recordingLinks.ts'
import { SessionError } from '../sessionError.ts'
import { type SessionDeps, withClock } from '../sessions/sessionDeps.ts'
import type { VoiceChunkEntry } from '../storage/storage.ts'

/** A chunk that started before the end (or before recording stopped) lands within this. */
export const LAST_CHUNK_GRACE_MS = 60_000

/** Limits on recorded voice. */
export interface VoiceLimits {
  maxChunkBytes: number
  maxSessionBytes: number
}

/** What the voice service is built from: stored sessions and the limits on uploads. */
export interface VoiceServiceOptions extends SessionDeps {
  limits: VoiceLimits
}

/**
 * Recorded voice: who may upload a chunk and when (the seat's own link, while recording is on),
 * storing it once, and who may hear the recording (a replay link made with the voices, or an
 * interviewer's link once the session is over; never a candidate while it is live).
 */
export class VoiceService {
  readonly #with: ReturnType<typeof withClock<VoiceServiceOptions>>

  constructor(options: VoiceServiceOptions) {
    this.#with = withClock(options)
  }

  /** The limits uploads are held to. */
  get limits(): VoiceLimits {
    return this.#with.limits
  }

  /**
   * The seat a live link opens (for the ICE configuration and uploads).
   *
   * @throws SessionError 401 for a missing, wrong or replay token, 404 for no such session.
   */
  async seatOf(sessionId: string, token: string | null): Promise<Seat> {
    if (!(await this.#with.sessions.exists(sessionId)))
      throw new SessionError(404, 'There is no such session.')
    return this.#with.sessions.authenticate(sessionId, token)
  }

  /**
   * Stores chunk `seq` of `seat`'s track `meta.track`, uploaded with `token`.
   *
   * @throws SessionError 403 for another seat's path, an observer not allowed to speak, or
   *   recording off; 409 after the end or for other bytes at a stored chunk's place; 413 past
   *   the chunk or session limit; 400 for levels that do not fit the duration.
   */
  async upload(
    sessionId: string,
    token: string | null,
    seat: Seat,
    seq: number,
    meta: VoiceChunkMeta,
    bytes: Uint8Array,
  ): Promise<VoiceUploadResult> {
    const own = await this.seatOf(sessionId, token)
    if (own !== seat) throw new SessionError(403, 'A link uploads its own seat’s voice only.')
    if (bytes.byteLength === 0) throw new SessionError(400, 'A chunk cannot be empty.')
    if (bytes.byteLength > this.#with.limits.maxChunkBytes) {
      throw new SessionError(413, `A chunk is at most ${this.#with.limits.maxChunkBytes} bytes.`)
    }
    if (meta.levels.length > Math.ceil(meta.durationMs / levelSlotMs) + 1) {
      throw new SessionError(400, `Send one level per ${levelSlotMs} ms of the chunk, no more.`)
    }
    const data = await this.#with.sessions.data(sessionId)
    this.#checkRecording(data, seat, meta.at)
    const outcome = await this.#with.storage.addVoiceChunk(
      { sessionId, seat, seq, ...meta, bytes },
      this.#with.limits.maxSessionBytes,
    )
    if (outcome === 'stored') return { stored: true }
    if (outcome === 'duplicate') return { stored: false, duplicate: true }
    if (outcome === 'conflict') {
      throw new SessionError(409, `Chunk ${seq} of track ${meta.track} is stored already with other bytes.`)
    }
    throw new SessionError(
      413,
      `This session's recorded voice is full (${this.#with.limits.maxSessionBytes} bytes); nothing more is stored.`,
    )
  }

  /**
   * Every recorded track of the session, with each chunk's time, size and speech levels.
   *
   * @throws SessionError as {@link checkListener}.
   */
  async tracks(sessionId: string, token: string | null): Promise<VoiceTracks> {
    const data = await this.checkListener(sessionId, token)
    return { tracks: groupTracks(await this.#with.storage.listVoiceChunks(sessionId), data) }
  }

  /** The bytes of one chunk, under the same rule as {@link tracks}. */
  async chunk(
    sessionId: string,
    token: string | null,
    seat: Seat,
    track: number,
    seq: number,
  ): Promise<Uint8Array> {
    await this.checkListener(sessionId, token)
    const bytes = await this.#with.storage.readVoiceChunk(sessionId, seat, track, seq)
    if (!bytes) throw new SessionError(404, `There is no chunk ${seq} in track ${track} of the ${seat}.`)
    return bytes
  }

  /** Every chunk of the session without bytes (the report's speaking time), for a listener. */
  async entries(sessionId: string): Promise<VoiceChunkEntry[]> {
    return this.#with.storage.listVoiceChunks(sessionId)
  }

  /**
   * Whether `token` may hear the session's recorded voices: a replay link made with them, or,
   * once the session is over, the link of a seat that interviewed. Answers the session's state.
   *
   * @throws SessionError 401 for a wrong token, 403 for a link without the voices, a live
   *   session, or a seat that never interviewed; 404 for no such session.
   */
  async checkListener(sessionId: string, token: string | null): Promise<SessionData> {
    const data = await this.#with.sessions.data(sessionId)
    const link = await checkRecordingLink(this.#with.sessions.links, sessionId, token, data, {
      whileLive: 'The recorded voices open once the session is over.',
      notInterviewer: 'Only the interviewer can hear the recording. Ask them for a replay link with voices.',
    })
    if (link.kind === 'replay' && !link.voices) {
      throw new SessionError(403, 'This replay link was made without the voices.')
    }
    return data
  }

  /** Whether `token` may hear the voices ({@link checkListener} without the 403). */
  async mayHear(sessionId: string, token: string | null): Promise<boolean> {
    try {
      await this.checkListener(sessionId, token)
      return true
    } catch (error) {
      if (error instanceof SessionError && error.status === 403) return false
      throw error
    }
  }

  /** Refuses a chunk unless `seat` is being recorded now, or was when the chunk started (the last one). */
  #checkRecording(data: SessionData, seat: Seat, at: number): void {
    const now = this.#with.now()
    const voice = data.voice
    if (seat === 'observer' && !voice?.observerMaySpeak) {
      throw new SessionError(403, 'The observer is not allowed to speak, so is not recorded.')
    }
    if (data.endedAt !== null) {
      if (at < data.endedAt && now - data.endedAt <= LAST_CHUNK_GRACE_MS && voice?.recording) return
      throw new AfterRecordingError(409, 'This session has ended: no more voice is recorded.')
    }
    if (voice?.recording) return
    const stoppedAt = voice?.stoppedAt ?? null
    if (stoppedAt !== null && at < stoppedAt && now - stoppedAt <= LAST_CHUNK_GRACE_MS) return
    throw new AfterRecordingError(403, 'Voice is not being recorded in this session.')
  }
}

/**
 * A chunk refused because it started after recording ended (the session's end, or recording
 * turned off). A browser learns of the end a moment after it happens, so its recorder may have
 * begun one more chunk by then: that audio is after the end, and the browser drops it rather
 * than reporting a failure (the answer says `afterRecording: true`).
 */
export class AfterRecordingError extends SessionError {
  override name = 'AfterRecordingError'
}

/** Chunks grouped into tracks (by seat, then track), each named by its seat's name. */
function groupTracks(entries: VoiceChunkEntry[], data: SessionData): VoiceTracks['tracks'] {
  const tracks = new Map<string, VoiceTracks['tracks'][number]>()
  for (const entry of entries) {
    const seat = entry.seat as Seat
    const key = `${seat}/${entry.track}`
    let track = tracks.get(key)
    if (!track) {
      const name = seat === 'observer' ? 'Observer' : data.names[seat]
      track = { seat, name, track: entry.track, mime: entry.mime, chunks: [] }
      tracks.set(key, track)
    }
    track.chunks.push({
      seq: entry.seq,
      at: entry.at,
      durationMs: entry.durationMs,
      bytes: entry.size,
      levels: entry.levels,
    })
  }
  return [...tracks.values()]
}
