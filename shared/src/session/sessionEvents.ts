import { z } from 'zod'
import { rubricItemSchema, templateSchema } from '../template/templateSchema.ts'
import { phasePlanSchema } from '../timer/phasePlan.ts'
import { timerEventSchema, timerStateSchema } from '../timer/timerMachine.ts'
import { revealedItemSchema } from './controlEvents.ts'
import { seatSchema, sessionModes } from './roles.ts'

/**
 * The events a session records, one kind a key: what a recording replays (who came and went,
 * the timer, reveals, swaps, template changes, the end, cursors) and the private kinds a
 * recording never carries (`link-rotated`, `template-kept`). Storage keeps them as `{at, type, actor, payload}`;
 * {@link storedSessionEventSchema} checks them on write and on read, and the recording's
 * schema is built from the same payloads, so a kind is declared once.
 *
 * To add a kind: add its payload here, then (if a recording should carry it) its name to
 * `recordedEventTypes` and an option to the recording's union in `replay/recording.ts`.
 */

/** What every participant could read of a template: no hidden material, no rubric. */
export const publicTemplateSchema = z.strictObject({
  id: z.string().min(1).max(80),
  title: z.string().max(160),
  prompt: z.string().max(2000),
  sources: z.array(z.string().max(200)).max(40),
  phases: phasePlanSchema,
})
/** A template's public part. */
export type PublicTemplate = z.infer<typeof publicTemplateSchema>

/** The public part of `template`: what a recording keeps so a replay can show each round's prompt. */
export function publicTemplate(template: z.infer<typeof templateSchema> | PublicTemplate): PublicTemplate {
  const { id, title, prompt, sources, phases } = template
  return { id, title, prompt, sources, phases }
}

/**
 * A template as a session used it, kept among the session's own (private) events so that its
 * recording, report and archive never depend on the template catalog, where a template can be
 * deleted or changed later. `whole` when the server knew the whole template (a session created
 * or switched on this server, or the interviewer's own archive, version 2 on); otherwise the
 * public part and the rubric an older or shared archive carried with its scorecard (empty
 * without one).
 */
export const keptTemplateSchema = z.union([
  z.strictObject({ whole: templateSchema }),
  z.strictObject({ public: publicTemplateSchema, rubric: z.array(rubricItemSchema).max(40) }),
])
/** A template a session kept. */
export type KeptTemplate = z.infer<typeof keptTemplateSchema>

/** The public part, rubric and (when kept) whole template of a kept template. */
export function keptParts(kept: KeptTemplate): {
  public: PublicTemplate
  rubric: z.infer<typeof rubricItemSchema>[]
  whole: z.infer<typeof templateSchema> | null
} {
  return 'whole' in kept
    ? { public: publicTemplate(kept.whole), rubric: kept.whole.rubric, whole: kept.whole }
    : { public: kept.public, rubric: kept.rubric, whole: null }
}

/**
 * Where a participant's pointer was on the board (page coordinates), sampled a few times a
 * second while it moves; `client` tells the pointers of one participant from another's.
 */
export const cursorPayloadSchema = z.strictObject({
  client: z.number().int().nonnegative(),
  name: z.string().max(80),
  color: z.string().max(40),
  x: z.number().finite(),
  y: z.number().finite(),
})
/** A cursor sample's payload. */
export type CursorPayload = z.infer<typeof cursorPayloadSchema>

/** The payload schema of every event kind a session records, by kind. */
export const sessionEventPayloads = {
  created: z.object({
    templateId: z.string().max(80),
    mode: z.enum(sessionModes),
    names: z.object({ host: z.string().max(80), guest: z.string().max(80) }),
    template: publicTemplateSchema.optional(),
  }),
  joined: z.object({}),
  left: z.object({}),
  timer: timerEventSchema.extend({ timer: timerStateSchema }),
  reveal: revealedItemSchema,
  swap: z.object({ round: z.number().int().min(1), swapped: z.boolean() }),
  template: z.object({
    templateId: z.string().max(80),
    round: z.number().int().min(1),
    template: publicTemplateSchema.optional(),
  }),
  ended: z.object({ timer: timerStateSchema }),
  cursor: cursorPayloadSchema,
  /** Voice recording turned on or off (or a peer asked for it): the replay knows when voices were recorded. */
  'voice-recording': z.object({
    recording: z.boolean(),
    requestedBy: z.array(seatSchema),
  }),
  /** Private: a seat's link was replaced (the token itself is never recorded). */
  'link-rotated': z.object({ seat: seatSchema }),
  /**
   * Private: a template the session used, whole (hidden cards, answers, rubric): written when
   * the session is created, on every template switch, and by an archive import for every
   * template the archive carried. Never in a recording: only its revealed part is exported.
   */
  'template-kept': keptTemplateSchema,
} as const

/** An event kind a session records. */
export type SessionEventType = keyof typeof sessionEventPayloads

/** Fields every recorded event has besides its kind and payload (`seq` comes from storage). */
const storedBase = { at: z.number().int().nonnegative(), actor: z.string().max(40) }

function stored<K extends SessionEventType>(type: K) {
  return z.strictObject({ ...storedBase, type: z.literal(type), payload: sessionEventPayloads[type] })
}

/** A session event as written to storage: one typed union, checked on write and on read. */
export const storedSessionEventSchema = z.discriminatedUnion('type', [
  stored('created'),
  stored('joined'),
  stored('left'),
  stored('timer'),
  stored('reveal'),
  stored('swap'),
  stored('template'),
  stored('ended'),
  stored('cursor'),
  stored('link-rotated'),
  stored('voice-recording'),
  stored('template-kept'),
])
/** A session event as written to storage. */
export type StoredSessionEvent = z.infer<typeof storedSessionEventSchema>
