import { z } from 'zod'

/**
 * The calculator panel's shared state inside a room's Y.Doc, in the Y.Map named
 * `boardDocKeys.calc`. It holds what people typed, not what it means: every client parses and
 * checks the raw strings itself, so a bad value from another client is shown as bad input,
 * never trusted.
 *
 * - `calc.get('presets')`: a Y.Map with the chosen preset ids, keys {@link calcPresetKinds};
 * - `calc.get(<calculator id>)`: a Y.Map per calculator (registry id, or 'freeform'), one key
 *   per input field holding a {@link CalcFieldEntry}, plus {@link calcResultKey} with the result
 *   the last writer computed, so a recording shows figures without re-running anything;
 *   and `$link:<field>` with a {@link CalcLink} when that input takes another calculator's result;
 * - `calc.get('view')`: the {@link CalcView} open for everyone who follows the room.
 *
 * The view and the links came later: a document without them reads as no shared view and no
 * links, and clients that predate them skip both (a plain value, `$` keys).
 */

/** Key of the preset selection inside the calc map. */
export const calcPresetsKey = 'presets'

/** Key of the recorded result inside a calculator's map (field names never start with `$`). */
export const calcResultKey = '$result'

/** Preset kinds the panel can fill inputs from. */
export const calcPresetKinds = ['model', 'gpu', 'link'] as const
export type CalcPresetKind = (typeof calcPresetKinds)[number]

/** One input as typed: the raw text and the unit chosen next to it ('' for plain numbers). */
export const calcFieldEntrySchema = z.strictObject({
  raw: z.string().max(200),
  unit: z.string().max(32),
})
export type CalcFieldEntry = z.infer<typeof calcFieldEntrySchema>

/** A preset id ('' for none). */
export const calcPresetIdSchema = z.string().max(64)

/** The result the writer computed from its inputs, kept for the recording. */
export const calcRecordedResultSchema = z.strictObject({
  ok: z.boolean(),
  /** Figures by output name, SI numbers or labels such as 'memory'. */
  figures: z.record(z.string().max(64), z.union([z.number(), z.string().max(64)])),
  /** Why there is no result, when `ok` is false. */
  error: z.string().max(400).optional(),
})
export type CalcRecordedResult = z.infer<typeof calcRecordedResultSchema>

/** Key of the shared view (open tab and calculator) inside the calc map. */
export const calcViewKey = 'view'

/** The tab and calculator open for everyone following the room, and who opened them. */
export const calcViewSchema = z.strictObject({
  /** A panel tab id, e.g. 'throughput'. */
  tab: z.string().max(32),
  /** The calculator open in that tab ('' on the free-form tab). */
  calculator: z.string().max(64),
  /** Name of the person who opened it. */
  by: z.string().max(80),
})
export type CalcView = z.infer<typeof calcViewSchema>

/** Prefix of a link's key inside a calculator's map: `$link:kvBytes`. */
export const calcLinkPrefix = '$link:'

/** An input that takes another calculator's result: `kvBytes` ← kvCache's `bytes`. */
export const calcLinkSchema = z.strictObject({
  /** Id of the calculator the value comes from. */
  calculator: z.string().max(64),
  /** Name of its output. */
  output: z.string().max(64),
})
export type CalcLink = z.infer<typeof calcLinkSchema>
