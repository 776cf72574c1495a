import { z } from 'zod'
import { revealCardSchema, rubricItemSchema } from '../template/templateSchema.ts'
import { workedCheckSchema } from '../template/workedChecks.ts'
import { timerEventSchema, timerStateSchema } from '../timer/timerMachine.ts'
import { roleSchema, seatSchema, sessionModes } from './roles.ts'
import { scoreSchema } from './score.ts'
import { participantNameSchema } from './sessionApi.ts'
import { verdictSchema } from './verdict.ts'
import { voiceAllowSchema, voiceRecordSchema, voiceStateSchema } from './voiceEvents.ts'

/**
 * The socket.io control plane: everything that is not the drawing. Each name is paired with
 * the zod schema of its payload; both ends validate against the same schema.
 */
export const ControlEvent = {
  /** client → server, acknowledged: a timer command (interviewer only). */
  timerCommand: 'timer:command',
  /** client → server, acknowledged: reveal a hidden constraint, answer or card to everyone (interviewer only). */
  reveal: 'card:reveal',
  /** client → server, acknowledged: peers swap interviewer and candidate (peer mode, interviewer only). */
  swapRoles: 'session:swap',
  /** client → server, acknowledged: the interviewer picks the template for this round (peer mode). */
  chooseTemplate: 'session:template',
  /**
   * client → server, acknowledged: whether the candidate may insert example diagrams and the
   * template's starter (interviewer only; off until the interviewer allows it).
   */
  allowExamples: 'session:examples',
  /** client → server, acknowledged: end the session (interviewer only). */
  end: 'session:end',
  /** client → server, acknowledged: a private note, stamped with the session clock (interviewer only). */
  addNote: 'note:add',
  /** client → server, acknowledged: score one rubric criterion 1–4 with a comment (interviewer only). */
  setScore: 'score:set',
  /** client → server, acknowledged: the round's overall summary and recommendation (interviewer only, private). */
  setVerdict: 'verdict:set',
  /** client → server, acknowledged with the new link: replace a seat's link, revoking the old one (interviewer only). */
  rotateLink: 'link:rotate',
  /** client → server, acknowledged with the server's clock: one NTP-style sample. */
  clockPing: 'clock:ping',
  /**
   * client → server, acknowledged: "bring everyone to me": every other participant's board
   * starts following the sender's view (interviewer only; nothing is stored).
   */
  gather: 'room:gather',
  /**
   * client → server, acknowledged: turn voice recording on or off. Interview mode: the
   * interviewer only. Peer mode: either peer asks; recording starts once both asked, and stops
   * when either turns it off.
   */
  voiceRecord: 'voice:record',
  /** client → server, acknowledged: let the observer speak in voice, or not (interviewer only). */
  voiceAllow: 'voice:allow',
  /** server → everyone in the session but the sender: who gathered the room, and whom to follow. */
  gathered: 'room:gathered',
  /** server → client: the public session state, sent on join and after every change. */
  state: 'session:state',
  /** server → the interviewer only: hidden material, notes and scorecard (null when the role is lost). */
  privateState: 'session:private',
} as const

const itemId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'an item id is lowercase letters, digits and "-"')

/** Payload schemas of the events a client sends, by event name. */
export const clientEventSchemas = {
  [ControlEvent.timerCommand]: timerEventSchema,
  [ControlEvent.reveal]: z.object({ itemId }).strict(),
  [ControlEvent.swapRoles]: z.object({}).strict(),
  [ControlEvent.chooseTemplate]: z.object({ templateId: z.string().min(1).max(80) }).strict(),
  [ControlEvent.allowExamples]: z.object({ allowed: z.boolean() }).strict(),
  [ControlEvent.end]: z.object({}).strict(),
  [ControlEvent.addNote]: z
    .object({ text: z.string().trim().min(1, 'a note cannot be empty').max(4000) })
    .strict(),
  [ControlEvent.setScore]: z
    .object({
      criterionId: itemId,
      score: z.number().int().min(1).max(4).nullable(),
      comment: z.string().max(2000),
    })
    .strict(),
  [ControlEvent.setVerdict]: verdictSchema,
  [ControlEvent.rotateLink]: z.object({ seat: seatSchema }).strict(),
  [ControlEvent.clockPing]: z.object({ clientSentAt: z.number().finite() }).strict(),
  // The sender's board user id (tldraw's), which the others follow: an opaque short string.
  [ControlEvent.gather]: z.object({ boardUserId: z.string().min(1).max(100) }).strict(),
  [ControlEvent.voiceRecord]: voiceRecordSchema,
  [ControlEvent.voiceAllow]: voiceAllowSchema,
} as const

/** Names of the events a client may send. */
export type ClientEventName = keyof typeof clientEventSchemas
/** The payload of client event `E`. */
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>

/** Every acknowledgement: success with an optional value, or an error a person can read. */
export type Ack<T = undefined> = { ok: true; value: T } | { ok: false; error: string }

/** What `clock:ping` acknowledges with. */
export interface ClockPong {
  clientSentAt: number
  serverAt: number
}

/** Something revealed to everyone: a hidden constraint, a clarifying answer, a follow-up or a stress test. */
export const revealedItemSchema = z.object({
  id: itemId,
  kind: z.enum(['constraint', 'follow-up', 'stress-test', 'answer']),
  title: z.string(),
  body: z.string(),
  revealedAt: z.number(),
  sessionClockMs: z.number(),
  round: z.number().int(),
})
/** A revealed item. */
export type RevealedItem = z.infer<typeof revealedItemSchema>

/** What `room:gathered` carries: whose view to follow (their name and board user id). */
export const gatheredSchema = z.object({
  byName: participantNameSchema,
  boardUserId: z.string().min(1).max(100),
})
/** A gather announcement. */
export type Gathered = z.infer<typeof gatheredSchema>

/** A participant as the presence list shows them. */
export const participantSchema = z.object({
  seat: seatSchema,
  role: roleSchema,
  name: participantNameSchema,
  connected: z.boolean(),
})
/** A participant. */
export type Participant = z.infer<typeof participantSchema>

/** The public state of a session: what every participant may see. */
export const sessionStateSchema = z.object({
  id: z.string(),
  mode: z.enum(sessionModes),
  /**
   * Names the session's current template without naming its file: an opaque key that changes
   * when the template does (the board's start is fetched by it), never the template's id.
   */
  templateKey: z.string(),
  title: z.string(),
  prompt: z.string(),
  /** The interview guides the template comes from, by title (never by file name). */
  sources: z.array(z.string()),
  timer: timerStateSchema,
  round: z.number().int().min(1),
  swapped: z.boolean(),
  participants: z.array(participantSchema),
  revealed: z.array(revealedItemSchema),
  /** Whether the candidate may insert example diagrams and the starter (the interviewer always may). */
  examplesAllowed: z.boolean(),
  endedAt: z.number().nullable(),
  /** Voice recording consent (the banner every participant sees) and whether the observer may speak. */
  voice: voiceStateSchema,
  you: z.object({ seat: seatSchema, role: roleSchema }),
  serverNow: z.number(),
})
/** The public state of a session. */
export type SessionState = z.infer<typeof sessionStateSchema>

/** A private interviewer note. */
export const noteSchema = z.object({
  id: z.string(),
  at: z.number(),
  sessionClockMs: z.number(),
  round: z.number().int(),
  text: z.string(),
})
/** A private interviewer note. */
export type Note = z.infer<typeof noteSchema>

/** What only the current interviewer receives: hidden material, notes and the scorecard of this round. */
export const privateStateSchema = z.object({
  round: z.number().int(),
  clarifyingQuestions: z.array(
    z.object({ id: itemId, question: z.string(), answer: z.string(), revealed: z.boolean() }),
  ),
  cards: z.array(revealCardSchema.extend({ revealed: z.boolean() })),
  rubric: z.array(rubricItemSchema),
  /** The calculations behind the figures the answers, cards and rubric state. */
  checks: z.array(workedCheckSchema).default([]),
  notes: z.array(noteSchema),
  scores: z.record(z.string(), scoreSchema),
})
/** The interviewer's private state. */
export type PrivateState = z.infer<typeof privateStateSchema>
