import { z } from 'zod'
import { sessionModes } from '../../session/roles.ts'
import { recommendations } from '../../session/verdict.ts'
import { calcCardStepSchema } from '../../shapes/calcCard.ts'

/**
 * The session report as data: what {@link buildReport} reads out of a recording and what the
 * Markdown and HTML writers print. The server answers it (`GET /api/sessions/:id/report`) under
 * the recording's read rules, so a link without notes gets a report without notes. Times named
 * `clockMs` are on the session clock (the interview timer, pauses excluded); `at` is server time.
 */

const labelled = z.strictObject({ label: z.string(), text: z.string() })

/** One phase of a round: the plan against what happened. */
export const reportPhaseSchema = z.strictObject({
  title: z.string(),
  plannedMs: z.number().nonnegative(),
  /** Time the clock ran in this phase (pauses excluded; overtime counts to the last phase). */
  actualMs: z.number().nonnegative(),
  /** Longer than planned. */
  over: z.boolean(),
})
/** One phase against its plan. */
export type ReportPhase = z.infer<typeof reportPhaseSchema>

/** One rubric criterion as scored. */
export const reportCriterionSchema = z.strictObject({
  title: z.string(),
  score: z.number().int().min(1).max(4).nullable(),
  comment: z.string(),
  /** What the rubric calls strong and what it calls a failure for this criterion. */
  strong: z.string(),
  failure: z.string(),
})

/** The interviewer's private part of a round: scores, verdict and notes. */
export const reportScorecardSchema = z.strictObject({
  criteria: z.array(reportCriterionSchema),
  /** Sum of the 1–4 scores given, how many were scored, the most they could add up to, and the mean. */
  total: z.strictObject({
    sum: z.number(),
    scored: z.number().int(),
    criteria: z.number().int(),
    max: z.number(),
    mean: z.number().nullable(),
  }),
  verdict: z
    .strictObject({ summary: z.string(), recommendation: z.enum(recommendations).nullable() })
    .nullable(),
  notes: z.array(z.strictObject({ clockMs: z.number(), text: z.string() })),
})
/** A round's scorecard, verdict and notes. */
export type ReportScorecard = z.infer<typeof reportScorecardSchema>

/** One round: who interviewed whom on which prompt, its phases, and (when readable) the scorecard. */
export const reportRoundSchema = z.strictObject({
  round: z.number().int().min(1),
  interviewer: z.string(),
  candidate: z.string(),
  title: z.string(),
  prompt: z.string(),
  sources: z.array(z.string()),
  phases: z.array(reportPhaseSchema),
  /** Null when the reader may not see the interviewer's private material. */
  scorecard: reportScorecardSchema.nullable(),
})
/** One round of the report. */
export type ReportRound = z.infer<typeof reportRoundSchema>

/** A part of the diagram at the end of the session, with what it was set to. */
export const reportPartSchema = z.strictObject({
  id: z.string(),
  /** What kind of part, as the palette names it ('Model server', 'Vector database'). */
  kind: z.string(),
  label: z.string(),
  /** Its settings as the inspector names them, plus derived counts (GPUs). */
  details: z.array(labelled),
  /** The label of the boundary (region, pool) it sits in, if any. */
  within: z.string().nullable(),
  /** Whether its settings fail their schema (it is left out of every total). */
  invalid: z.boolean(),
})
/** A part of the diagram. */
export type ReportPart = z.infer<typeof reportPartSchema>

/** An arrow between two parts at the end of the session. */
export const reportLinkSchema = z.strictObject({
  /** Labels of the parts it joins; '(loose end)' when an end is not attached. */
  from: z.string(),
  to: z.string(),
  /** The text written on it. */
  label: z.string(),
  /** For a link arrow: '8 × IB NDR · 400 GB/s' (bandwidth per direction); null for a plain arrow. */
  link: z.string().nullable(),
})
/** A link of the diagram. */
export type ReportLink = z.infer<typeof reportLinkSchema>

/** What the diagram's parts add up to (valid kit shapes only; invalid ones are left out). */
export const reportHardwareSchema = z.strictObject({
  gpus: z.number().int().nonnegative(),
  nodes: z.number().int().nonnegative(),
  byGpu: z.array(z.strictObject({ name: z.string(), gpus: z.number().int().nonnegative() })),
  modelServers: z.number().int().nonnegative(),
  /** GPUs the model servers ask for: replicas × TP × PP, summed. */
  gpusRequested: z.number().int().nonnegative(),
})
/** The diagram's hardware totals. */
export type ReportHardware = z.infer<typeof reportHardwareSchema>

/** A pinned calculation: its inputs, derivation and result. */
export const reportCalculationSchema = z.strictObject({
  clockMs: z.number(),
  title: z.string(),
  pinnedBy: z.string(),
  inputs: z.array(labelled),
  steps: z.array(calcCardStepSchema),
  figures: z.array(labelled),
})
/** A pinned calculation. */
export type ReportCalculation = z.infer<typeof reportCalculationSchema>

/** The whole report. */
export const reportSchema = z.strictObject({
  title: z.string(),
  mode: z.enum(sessionModes),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
  /** The session clock at the end (running time, pauses excluded). */
  durationMs: z.number().nonnegative(),
  /** Whether the reader got the interviewer's private material (scores, verdict, notes). */
  withPrivate: z.boolean(),
  rounds: z.array(reportRoundSchema).min(1),
  reveals: z.array(
    z.strictObject({
      clockMs: z.number(),
      round: z.number().int(),
      kind: z.string(),
      title: z.string(),
      body: z.string(),
    }),
  ),
  parts: z.array(reportPartSchema),
  links: z.array(reportLinkSchema),
  hardware: reportHardwareSchema,
  /** Shapes on the board that are not parts of the kit (drawings, text, sticky notes). */
  otherShapes: z.number().int().nonnegative(),
  calculations: z.array(reportCalculationSchema),
  /**
   * Time each person spoke in each phase, from the recorded voices' speech levels; only in
   * the report of a reader who may hear the voices, and only when voice was recorded.
   */
  speaking: z
    .array(
      z.strictObject({
        round: z.number().int(),
        phase: z.string(),
        name: z.string(),
        speakingMs: z.number().nonnegative(),
      }),
    )
    .optional(),
})
/** The session report. */
export type Report = z.infer<typeof reportSchema>
