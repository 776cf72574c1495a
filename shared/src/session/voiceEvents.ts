import { z } from 'zod'
import { seatSchema } from './roles.ts'
import { participantNameSchema } from './sessionApi.ts'

/**
 * Live voice over the control channel (issue 21): the events that set up WebRTC audio between
 * the members of a session. They are transport, not session commands: the server keeps the
 * voice roster on the sockets themselves and relays signals between two members of the SAME
 * session only. Recording consent and an observer's permission to speak are session commands
 * (`voice:record`, `voice:allow` in `ControlEvent`), because they change the stored session.
 */
export const VoiceEvent = {
  /**
   * client → server `{name?}`, acknowledged with {@link VoiceJoined}: this connection joins the
   * voice room (again: renames it). The name counts on a scratch board only; a session names
   * its seats itself.
   */
  join: 'voice:join',
  /** client → server, acknowledged: this connection leaves the voice room. */
  leave: 'voice:leave',
  /**
   * client → server `{to, signal}`, acknowledged; server → the target `{from, signal}`: one
   * WebRTC offer, answer or ICE candidate between two peers in voice in the same session.
   */
  signal: 'voice:signal',
  /**
   * client → server `{muted, noMic?}`, acknowledged: this connection's microphone is muted or
   * not, and whether it has none at all (refused or missing: it listens only). Roster only.
   */
  mute: 'voice:mute',
  /** server → every member of the session: the voice roster, after every change. */
  peers: 'voice:peers',
} as const

/** The largest SDP accepted in an offer or answer (an audio-only SDP is 2–6 kB). */
export const maxSdpBytes = 20_000

/**
 * A voice peer's id: opaque, per control connection, assigned by the server on `voice:join`
 * (a reload gives a new one; the seat stays).
 */
export const peerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'a peer id is 8–64 letters, digits, "_" or "-"')
/** A voice peer's id. */
export type PeerId = z.infer<typeof peerIdSchema>

/** One WebRTC signal: an offer or answer (SDP), or one ICE candidate (`RTCIceCandidateInit`). */
export const voiceSignalSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(maxSdpBytes) }),
  z.strictObject({
    type: z.literal('candidate'),
    candidate: z.strictObject({
      candidate: z.string().max(1000),
      sdpMid: z.string().max(100).nullable(),
      sdpMLineIndex: z.number().int().min(0).max(100).nullable(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
])
/** One WebRTC signal. */
export type VoiceSignal = z.infer<typeof voiceSignalSchema>

/** Payload schemas of the voice transport events a client sends, by event name. */
export const voiceEventSchemas = {
  [VoiceEvent.join]: z.strictObject({ name: participantNameSchema.optional() }),
  [VoiceEvent.leave]: z.strictObject({}),
  [VoiceEvent.signal]: z.strictObject({ to: peerIdSchema, signal: voiceSignalSchema }),
  // `noMic` is optional so a client that never says it keeps working (it counts as having one).
  [VoiceEvent.mute]: z.strictObject({ muted: z.boolean(), noMic: z.boolean().optional() }),
} as const

/** Names of the voice transport events a client may send. */
export type VoiceEventName = keyof typeof voiceEventSchemas
/** The payload of voice event `E`. */
export type VoiceEventPayload<E extends VoiceEventName> = z.input<(typeof voiceEventSchemas)[E]>

/** What the server sends the target of a signal (`voice:signal`, server → client). */
export const relayedSignalSchema = z.strictObject({ from: peerIdSchema, signal: voiceSignalSchema })
/** A relayed signal. */
export type RelayedSignal = z.infer<typeof relayedSignalSchema>

/** One connection in voice: who it is and whether it may and does speak. */
export const voicePeerSchema = z.strictObject({
  peerId: peerIdSchema,
  /** The session seat; absent on a scratch board, where everyone is equal. */
  seat: seatSchema.optional(),
  name: participantNameSchema,
  muted: z.boolean(),
  /**
   * Present (true) only when this peer has no microphone (refused or missing): it listens, and
   * the others show its mic struck out. Absent otherwise.
   */
  noMic: z.literal(true).optional(),
  /**
   * Interviewer and candidate always may; an observer only once the interviewer allowed it;
   * everyone on a scratch board.
   */
  maySpeak: z.boolean(),
})
/** One connection in voice. */
export type VoicePeer = z.infer<typeof voicePeerSchema>

/** The voice roster (`voice:peers`): every connection of the session (or board) in voice. */
export const voicePeersSchema = z.array(voicePeerSchema).max(64)

/** What `voice:join` acknowledges with: the roster and the joiner's own peer id. */
export const voiceJoinedSchema = z.strictObject({ peers: voicePeersSchema, you: peerIdSchema })
/** The acknowledgement of `voice:join`. */
export type VoiceJoined = z.infer<typeof voiceJoinedSchema>

/** Payload of `voice:record` (a session command): turn recording on or off. */
export const voiceRecordSchema = z.strictObject({ on: z.boolean() })
/** Payload of `voice:allow` (a session command, interviewer only): may the observer speak. */
export const voiceAllowSchema = z.strictObject({ seat: z.literal('observer'), allowed: z.boolean() })

/**
 * Recording consent in the public session state. `recording` is on from `since` (server ms);
 * `requestedBy`: the seats that asked for it (interview mode: the interviewer's seat; peer
 * mode: recording starts only once both peers are in it). Every participant sees it before
 * their microphone is recorded.
 */
export const voiceStateSchema = z.strictObject({
  recording: z.boolean(),
  since: z.number().nullable(),
  requestedBy: z.array(seatSchema),
  /** Whether the interviewer let the observer speak. */
  observerMaySpeak: z.boolean(),
  /**
   * When recording was last turned off (server ms), or null/absent: a chunk that started
   * before it is still accepted for a minute, so the last one lands.
   */
  stoppedAt: z.number().nullable().optional(),
})
/** Recording consent and voice permissions of a session. */
export type VoiceState = z.infer<typeof voiceStateSchema>

/** The voice state of a session that never touched voice. */
export const initialVoiceState: VoiceState = {
  recording: false,
  since: null,
  requestedBy: [],
  observerMaySpeak: false,
}
