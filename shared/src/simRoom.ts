import { z } from 'zod'
import { simCardCaps, simChartSchema, simFigureSchema } from './shapes/simCard.ts'

/**
 * The simulator's last run inside a room's Y.Doc, in the Y.Map named `boardDocKeys.sim`:
 *
 * - `sim.get('run')`: a {@link SimRun}, the run's inputs (the stress card, the scenario read
 *   off the board, the seed) and who runs it;
 * - `sim.get('progress')`: `{ runId, fraction }`, how far it got;
 * - `sim.get('outcome')`: a {@link SimOutcome}, how it ended: a compact {@link SimSummary},
 *   the simulator's message, or cancelled.
 *
 * The browser that starts a run computes it and writes these; everyone else, the replay
 * included, renders them. Every reader checks them against these schemas.
 */

/** Keys inside the sim map. */
export const simRoomKeys = { run: 'run', progress: 'progress', outcome: 'outcome' } as const

/**
 * A finished run as the room keeps it: what broke first, the headline figures as text and the
 * charts with at most SIM_CHART_POINTS samples a line, values rounded to three figures. A few kB,
 * where the full result (histograms, Float64Array series per pool) would be far more; the
 * browser that ran it writes it once and everyone, the replay included, reads the same.
 */
export const simSummarySchema = z.strictObject({
  brokeFirst: z.string().max(400),
  /** Whether anything broke (a pool saturated or an SLO was crossed), for how the line is shown. */
  broke: z.boolean(),
  figures: z.array(simFigureSchema).max(simCardCaps.figures),
  charts: z.array(simChartSchema).max(8),
  notes: z.array(z.string().max(300)).max(8),
})
export type SimSummary = z.infer<typeof simSummarySchema>

const runId = z.string().min(1).max(64)

/** A run's inputs: the stress card it applies, the scenario read off the board, the seed. */
export const simRunSchema = z.strictObject({
  id: runId,
  cardId: z.string().max(80),
  /** The stress card's title. */
  title: z.string().max(160),
  /** The load in words, e.g. '20 req/s for 420 s · seed 1'. */
  subtitle: z.string().max(160),
  /** The scenario (`ScenarioInput`) as given to `simulate`; null when the board could not be read. */
  scenario: z.record(z.string(), z.unknown()).nullable(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32),
  startedBy: z.string().max(80),
  /** The Yjs client id of the browser running it. */
  runner: z.number(),
})
export type SimRun = z.infer<typeof simRunSchema>

/** How a run ended. */
export const simOutcomeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ runId, kind: z.literal('done'), summary: simSummarySchema }),
  z.strictObject({
    runId,
    kind: z.literal('error'),
    /** The shape at fault on the board, when the drawing is at fault. */
    shapeId: z.string().max(80).nullable(),
    message: z.string().max(600),
  }),
  z.strictObject({ runId, kind: z.literal('cancelled'), by: z.string().max(80) }),
])
export type SimOutcome = z.infer<typeof simOutcomeSchema>

/** `sim.get('progress')`: how far a run got. */
export const simProgressSchema = z.strictObject({ runId, fraction: z.number().min(0).max(1) })
