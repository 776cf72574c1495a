import {
  type BoardRecord,
  type Perturbation,
  parseScenario,
  type ScenarioInput,
  scenarioFromBoard,
} from '@roofline/shared/sim'
import type * as Y from 'yjs'
import { writeOutcome, writeProgress, writeRun } from './simDoc.ts'
import { perturbationWindow, summarizeRun } from './simSummary.ts'
import { runInWorker } from './workerRun.ts'

/** A revealed stress card that can be run: its id, title and perturbation. */
export interface RunnableCard {
  id: string
  title: string
  perturbation: Perturbation
}

/** What the interviewer sets before pressing Run (the drawing says the rest). */
export interface RunSettings {
  arrivalRate: number
  seconds: number
  promptTokens: number
  outputTokens: number
  seed: number
}

/** Progress is written to the room at most this often (in fraction done): 20 small writes a run. */
const PROGRESS_STEP = 0.05
/** Samples a run is cut into: the charts' points, so the summary needs no thinning. */
const SAMPLES = 60

/** Settings for a card: long enough to see its perturbation and a minute after it. */
export function defaultSettings(card: RunnableCard | undefined): RunSettings {
  const p = card?.perturbation
  const end = !p ? 0 : 'at' in p ? p.at : (p.to ?? p.from)
  return {
    arrivalRate: 10,
    seconds: Math.max(300, Math.ceil(end + 60)),
    promptTokens: 1000,
    outputTokens: 250,
    seed: 1,
  }
}

/** A run this browser started: cancel stops its worker and tells the room. */
export interface LocalRun {
  runId: string
  cancel(): void
}

/**
 * Starts a run of the drawn board under `card`'s perturbation: reads the scenario off the board
 * (a drawing that is not a serving path ends the run at once with the message naming the shape),
 * writes the inputs and seed into the room, runs the simulator in a Web Worker, and writes its
 * progress and a compact summary (or its message, or "cancelled") into the room as it goes.
 */
export function startRun(
  doc: Y.Doc,
  records: readonly BoardRecord[],
  card: RunnableCard,
  settings: RunSettings,
  userName: string,
  onEnd: () => void,
): LocalRun {
  const runId = `${doc.clientID}-${Date.now().toString(36)}`
  const read = scenarioFromBoard(records, {
    seconds: settings.seconds,
    arrivalRate: settings.arrivalRate,
    requests: {
      promptTokens: { mean: settings.promptTokens },
      outputTokens: { mean: settings.outputTokens },
    },
    perturbations: [card.perturbation],
  })
  const scenario: ScenarioInput | null = read.ok
    ? { ...read.scenario, sampleSeconds: settings.seconds / SAMPLES }
    : null
  writeRun(doc, {
    id: runId,
    cardId: card.id,
    title: card.title.slice(0, 160),
    subtitle:
      `${settings.arrivalRate} req/s for ${settings.seconds} s · prompt ${settings.promptTokens}, output ${settings.outputTokens} tokens · seed ${settings.seed}`.slice(
        0,
        160,
      ),
    scenario: scenario as Record<string, unknown> | null,
    seed: settings.seed,
    startedBy: userName.slice(0, 80),
    runner: doc.clientID,
  })
  if (!read.ok || !scenario) {
    const message = read.ok ? 'No scenario' : read.message
    writeOutcome(doc, {
      runId,
      kind: 'error',
      shapeId: read.ok ? null : read.shapeId,
      message: message.slice(0, 600),
    })
    onEnd()
    return { runId, cancel: () => {} }
  }
  let written = 0
  const job = runInWorker(scenario, settings.seed, (fraction) => {
    if (fraction - written < PROGRESS_STEP) return
    written = fraction
    writeProgress(doc, runId, fraction)
  })
  void job.done.then((outcome) => {
    if (outcome.kind === 'done') {
      const parsed = parseScenario(scenario)
      writeOutcome(doc, {
        runId,
        kind: 'done',
        summary: summarizeRun(outcome.result, {
          slo: parsed.slo,
          window: perturbationWindow(card.perturbation, settings.seconds),
        }),
      })
    } else if (outcome.kind === 'error') {
      const shapeId = outcome.subject?.startsWith('shape:') ? outcome.subject : null
      writeOutcome(doc, { runId, kind: 'error', shapeId, message: outcome.message.slice(0, 600) })
    } else writeOutcome(doc, { runId, kind: 'cancelled', by: userName.slice(0, 80) })
    onEnd()
  })
  return { runId, cancel: job.cancel }
}
