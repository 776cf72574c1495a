import { z } from 'zod'
import type { PropsMigrationStep } from './migrations.ts'
import { cardFigureSchema, cardLine as line, pinnedCardPropsSchema } from './pinnedCard.ts'

/**
 * The sim-card shape: a simulation run pinned to the board (the stress card it ran, what broke
 * first, the headline figures and the charts over time). Its props are validated by this schema
 * wherever the board is read; a change to them appends a named migration step below.
 */

/** tldraw shape type of a pinned simulation run. */
export const simCardShapeType = 'sim-card'

// Caps keep one card, which every participant receives and the recording keeps, under ~10 kB.
/** Most points a chart line holds: a run is cut into at most this many samples for display. */
export const SIM_CHART_POINTS = 60
const points = z.array(z.number().finite().nullable()).max(SIM_CHART_POINTS)

/** One line of a chart: its name in the legend and its value per sample (null: nothing measured). */
export const simChartLineSchema = z.strictObject({ label: line(60), values: points })

/**
 * One chart over the run's time: sample end times in seconds, values in `unit`; an optional
 * limit (an SLO) drawn as a dashed line and the perturbation's window drawn as a band.
 */
export const simChartSchema = z.strictObject({
  title: line(60),
  unit: line(16),
  t: z.array(z.number().finite()).max(SIM_CHART_POINTS),
  lines: z.array(simChartLineSchema).max(6),
  limit: z.number().finite().nullable(),
  window: z.tuple([z.number().finite(), z.number().finite()]).nullable(),
})
export type SimChart = z.infer<typeof simChartSchema>

/** Bounds of the card's title (the stress card it ran) and its headline figures. */
export const simCardCaps = { title: 160, figure: 60, figures: 12 }

/** One headline figure, formatted with its unit, e.g. { label: 'TTFT p99', text: '412 ms' }. */
export const simFigureSchema = cardFigureSchema(simCardCaps.figure)
export type SimFigure = z.infer<typeof simFigureSchema>

/** Props of a sim-card shape. */
export const simCardPropsSchema = pinnedCardPropsSchema(simCardCaps, {
  /** The load and length of the run, e.g. '20 req/s for 420 s, seed 1'. */
  subtitle: line(160),
  /** What broke first, in one line. */
  brokeFirst: line(400),
  charts: z.array(simChartSchema).max(8),
})
export type SimCardProps = z.infer<typeof simCardPropsSchema>

/** Named migration steps of the sim-card props, oldest first (none yet: this is its first shape). */
export const simCardMigrations: readonly PropsMigrationStep[] = []
