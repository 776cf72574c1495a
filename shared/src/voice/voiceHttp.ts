import { z } from 'zod'
import { seatSchema } from '../session/roles.ts'

/**
 * The HTTP side of voice (issue 21): ICE servers with short-lived TURN credentials, audio
 * chunk upload while the session runs, and the replay's reading of the tracks.
 */

/** An `RTCIceServer` as the server hands it out (TURN ones carry short-lived credentials). */
export const iceServerSchema = z.strictObject({
  urls: z.union([z.string().min(1).max(500), z.array(z.string().min(1).max(500)).min(1).max(20)]),
  username: z.string().max(300).optional(),
  credential: z.string().max(300).optional(),
})
/** An ICE server. */
export type IceServer = z.infer<typeof iceServerSchema>

/** Answer of `GET /api/sessions/:id/voice/ice`: the servers and when the TURN credential expires (ms). */
export const iceConfigSchema = z.strictObject({
  iceServers: z.array(iceServerSchema).max(20),
  expiresAt: z.number(),
})
/** ICE configuration for one seat. */
export type IceConfig = z.infer<typeof iceConfigSchema>

/** Headers of a chunk upload (`PUT /api/sessions/:id/voice/:seat/chunks/:seq`). */
export const VoiceHeader = {
  /**
   * Where the chunk starts, in server-clock ms since the epoch (the browser's clock plus the
   * session's measured offset to the server's: the clock every recorded event uses).
   */
  at: 'x-roofline-at',
  /** The chunk's length in ms. */
  duration: 'x-roofline-duration',
  /** Speech activity: comma list of ints 0–100, one per {@link levelSlotMs} of the chunk. */
  levels: 'x-roofline-levels',
  /** The recorder's MIME type, e.g. `audio/webm;codecs=opus`. */
  mime: 'x-roofline-mime',
  /** The recording segment (0, 1, …): a reload or re-join starts a new track; chunks count from 0 in it. */
  track: 'x-roofline-track',
} as const

/** One speech-activity level covers this many ms of audio. */
export const levelSlotMs = 100
/** Highest track number accepted. */
export const maxTrack = 999
/** Highest chunk number accepted. */
export const maxChunkSeq = 100_000
/** Longest chunk accepted, in ms (a client uploads every few seconds). */
export const maxChunkDurationMs = 30_000

/** The checked metadata of one uploaded chunk, read from its headers. */
export const voiceChunkMetaSchema = z.strictObject({
  track: z.coerce.number().int().min(0).max(maxTrack),
  at: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  durationMs: z.coerce.number().int().min(1).max(maxChunkDurationMs),
  levels: z.array(z.number().int().min(0).max(100)).max(maxChunkDurationMs / levelSlotMs),
  mime: z
    .string()
    .max(100)
    .regex(/^audio\/[a-z0-9.+-]+(;\s*codecs=[a-z0-9.,"-]+)?$/i, 'a MIME type like audio/webm;codecs=opus'),
})
/** A chunk's metadata. */
export type VoiceChunkMeta = z.infer<typeof voiceChunkMetaSchema>

/** Answer of a chunk upload: 201 `{stored: true}`, 200 `{stored: false, duplicate: true}`. */
export const voiceUploadResultSchema = z.union([
  z.strictObject({ stored: z.literal(true) }),
  z.strictObject({ stored: z.literal(false), duplicate: z.literal(true) }),
])
/** Answer of a chunk upload. */
export type VoiceUploadResult = z.infer<typeof voiceUploadResultSchema>

/** One stored chunk as the replay lists it. */
export const voiceChunkInfoSchema = z.strictObject({
  seq: z.number().int().min(0),
  at: z.number(),
  durationMs: z.number(),
  bytes: z.number().int().min(0),
  levels: z.array(z.number().int().min(0).max(100)),
})
/** One stored chunk. */
export type VoiceChunkInfo = z.infer<typeof voiceChunkInfoSchema>

/** One recorded track: a seat's contiguous recording segment (its chunks concatenate to one WebM). */
export const voiceTrackSchema = z.strictObject({
  seat: seatSchema,
  name: z.string(),
  track: z.number().int().min(0),
  mime: z.string(),
  chunks: z.array(voiceChunkInfoSchema),
})
/** One recorded track. */
export type VoiceTrack = z.infer<typeof voiceTrackSchema>

/** Answer of `GET /api/sessions/:id/voice`. */
export const voiceTracksSchema = z.strictObject({ tracks: z.array(voiceTrackSchema) })
/** Every recorded track of a session. */
export type VoiceTracks = z.infer<typeof voiceTracksSchema>

/** `GET` path of the track list of session `id`. */
export const voiceTracksPath = (id: string) => `/api/sessions/${encodeURIComponent(id)}/voice`
/** `GET` path of the ICE configuration of session `id`. */
export const voiceIcePath = (id: string) => `/api/sessions/${encodeURIComponent(id)}/voice/ice`
/** `GET` path of the ICE configuration of scratch board `id` (boards are never recorded). */
export const boardVoiceIcePath = (id: string) => `/api/boards/${encodeURIComponent(id)}/voice/ice`
/** `PUT` path of an upload (the track is a header). */
export const voiceUploadPath = (id: string, seat: string, seq: number) =>
  `/api/sessions/${encodeURIComponent(id)}/voice/${seat}/chunks/${seq}`
/** `GET` path of a stored chunk's bytes. */
export const voiceChunkPath = (id: string, seat: string, track: number, seq: number) =>
  `/api/sessions/${encodeURIComponent(id)}/voice/${seat}/tracks/${track}/chunks/${seq}`
