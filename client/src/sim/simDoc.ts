import {
  boardDocKeys,
  type SimOutcome,
  type SimRun,
  simOutcomeSchema,
  simProgressSchema,
  simRoomKeys,
  simRunSchema,
} from '@roofline/shared'
import type * as Y from 'yjs'

/**
 * The simulator's last run in the room's Y.Doc (`boardDocKeys.sim`): its inputs and seed
 * (`run`), how far it got (`progress`) and how it ended (`outcome`: a compact summary, the
 * simulator's message, or cancelled). The interviewer's browser runs it in a Web Worker and
 * writes these; everyone renders them, and the replay reads them as they were at any moment.
 * Read defensively: any participant's client may have written anything here.
 */

const { run: RUN, progress: PROGRESS, outcome: OUTCOME } = simRoomKeys

/** The room's simulation state as plain data. */
export interface SimDocState {
  run: SimRun | null
  /** Fraction done of `run` (0 until its first progress). */
  progress: number
  /** How `run` ended; null while it runs. */
  outcome: SimOutcome | null
}

export const emptySimDocState: SimDocState = { run: null, progress: 0, outcome: null }

/** The simulation map of a room's doc. */
export function simMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(boardDocKeys.sim)
}

/** Reads the simulation map; entries that do not match, or belong to another run, are left out. */
export function readSimDoc(map: Y.Map<unknown>): SimDocState {
  const run = simRunSchema.safeParse(map.get(RUN))
  if (!run.success) return emptySimDocState
  const progress = simProgressSchema.safeParse(map.get(PROGRESS))
  const outcome = simOutcomeSchema.safeParse(map.get(OUTCOME))
  return {
    run: run.data,
    progress: progress.success && progress.data.runId === run.data.id ? progress.data.fraction : 0,
    outcome: outcome.success && outcome.data.runId === run.data.id ? outcome.data : null,
  }
}

/** Plain JSON (Yjs stores what JSON can say; `undefined` fields are dropped). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Starts a run in the room: its inputs replace the last run's, with its progress and outcome. */
export function writeRun(doc: Y.Doc, run: SimRun): void {
  doc.transact(() => {
    const map = simMap(doc)
    map.set(RUN, plain(run))
    map.delete(PROGRESS)
    map.delete(OUTCOME)
  })
}

/** Writes how far `runId` got (the runner throttles these). */
export function writeProgress(doc: Y.Doc, runId: string, fraction: number): void {
  simMap(doc).set(PROGRESS, { runId, fraction: Math.min(1, Math.max(0, fraction)) })
}

/** Writes how `outcome.runId` ended, unless another run has replaced it meanwhile. */
export function writeOutcome(doc: Y.Doc, outcome: SimOutcome): void {
  doc.transact(() => {
    const map = simMap(doc)
    const run = simRunSchema.safeParse(map.get(RUN))
    if (!run.success || run.data.id !== outcome.runId) return
    map.set(OUTCOME, plain(outcome))
  })
}
