import { z } from 'zod'
import type { Score } from './score.ts'

/**
 * The interviewer's overall verdict on a round: a short summary and a recommendation fitting a
 * mock interview. It is private like the notes and scorecard, and is kept as one more score row
 * under {@link verdictKey} (the recommendation as the row's number, the summary as its comment),
 * so every storage backend, the recording format and archives carry it with no migration. The
 * key cannot be a rubric criterion: criterion ids are lowercase letters, digits and "-".
 */
export const verdictKey = ':verdict'

/** Recommendations, weakest first; stored as their position + 1. */
export const recommendations = ['not-yet', 'almost', 'ready'] as const
/** A recommendation. */
export type Recommendation = (typeof recommendations)[number]

/** What people read for each recommendation. */
export const recommendationLabels: Record<Recommendation, string> = {
  ready: 'Ready',
  almost: 'Almost there',
  'not-yet': 'Not yet',
}

/** The payload of `verdict:set`: the summary text and the recommendation (null: none chosen). */
export const verdictSchema = z
  .object({
    summary: z.string().max(4000),
    recommendation: z.enum(recommendations).nullable(),
  })
  .strict()
/** The interviewer's overall verdict on a round. */
export type Verdict = z.infer<typeof verdictSchema>

/** The score row that stores `verdict`. */
export function verdictToScore(verdict: Verdict, at: number): Score {
  const index = verdict.recommendation === null ? -1 : recommendations.indexOf(verdict.recommendation)
  return { score: index === -1 ? null : index + 1, comment: verdict.summary, at }
}

/**
 * The verdict kept among a round's scores, or null when none was written.
 *
 * @example readVerdict({ ':verdict': { score: 3, comment: 'Clear', at: 1 } }) // { summary: 'Clear', recommendation: 'ready' }
 */
export function readVerdict(scores: Readonly<Record<string, Score>>): Verdict | null {
  const row = scores[verdictKey]
  if (!row) return null
  const recommendation = row.score === null ? null : (recommendations[row.score - 1] ?? null)
  if (recommendation === null && row.comment.trim() === '') return null
  return { summary: row.comment, recommendation }
}
