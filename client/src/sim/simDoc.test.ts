import { simRoomKeys } from '@roofline/shared'
import { inferenceArchitectureStarter } from '@roofline/shared/shapes'
import type { BoardRecord } from '@roofline/shared/sim'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docPair } from '../board/docPair.fixture.ts'
import { readSimDoc, simMap, writeOutcome, writeProgress, writeRun } from './simDoc.ts'
import { startRun } from './startRun.ts'

const run = (id: string) => ({
  id,
  cardId: 'c-burst',
  title: '3x burst for five minutes',
  subtitle: '10 req/s for 420 s',
  scenario: { seconds: 420, arrivalRate: 10 },
  seed: 7,
  startedBy: 'Ana',
  runner: 1,
})
const burst = {
  id: 'c-burst',
  title: '3x burst',
  perturbation: { kind: 'load', factor: 3, from: 60, to: 360 },
} as const
const settings = { arrivalRate: 10, seconds: 420, promptTokens: 1000, outputTokens: 250, seed: 1 }

describe('the simulation run in the room doc', () => {
  it('carries the inputs, the seed, the progress and the outcome to the other participant', () => {
    const [a, b] = docPair()
    writeRun(a, run('r1'))
    writeProgress(a, 'r1', 0.4)
    expect(readSimDoc(simMap(b))).toMatchObject({ run: { id: 'r1', seed: 7 }, progress: 0.4, outcome: null })
    writeOutcome(a, { runId: 'r1', kind: 'cancelled', by: 'Ana' })
    expect(readSimDoc(simMap(b)).outcome).toEqual({ runId: 'r1', kind: 'cancelled', by: 'Ana' })
  })

  it('a new run clears the last one’s progress and outcome; a late outcome of the old run is dropped', () => {
    const doc = new Y.Doc()
    writeRun(doc, run('r1'))
    writeProgress(doc, 'r1', 0.9)
    writeRun(doc, run('r2'))
    writeOutcome(doc, { runId: 'r1', kind: 'cancelled', by: 'Ana' })
    expect(readSimDoc(simMap(doc))).toMatchObject({ run: { id: 'r2' }, progress: 0, outcome: null })
  })

  it('reads what another client wrote wrong as nothing, never as a run', () => {
    const doc = new Y.Doc()
    simMap(doc).set(simRoomKeys.run, { id: 'r1', seed: 'x' })
    expect(readSimDoc(simMap(doc)).run).toBeNull()
    writeRun(doc, run('r1'))
    simMap(doc).set(simRoomKeys.outcome, { runId: 'r1', kind: 'done', summary: { brokeFirst: 1 } })
    simMap(doc).set(simRoomKeys.progress, { runId: 'r1', fraction: 7 })
    expect(readSimDoc(simMap(doc))).toMatchObject({ progress: 0, outcome: null })
  })

  it('a drawing that is not a serving path ends the run at once with the message naming the shape', () => {
    const [a, b] = docPair()
    const noGpus = (inferenceArchitectureStarter as readonly BoardRecord[]).filter(
      (r) => r.type !== 'gpu-node' && r.type !== 'gpu-cluster',
    )
    let ended = false
    startRun(a, noGpus, burst, settings, 'Ana', () => {
      ended = true
    })
    const state = readSimDoc(simMap(b))
    expect(ended).toBe(true)
    expect(state.run).toMatchObject({ title: '3x burst', scenario: null, startedBy: 'Ana' })
    expect(state.outcome).toMatchObject({ kind: 'error', shapeId: expect.stringMatching(/^shape:/) })
    expect(state.outcome?.kind === 'error' && state.outcome.message).toMatch(/has no GPUs/)

    startRun(a, [], burst, settings, 'Ana', () => {})
    expect(readSimDoc(simMap(b)).outcome).toMatchObject({
      kind: 'error',
      shapeId: null,
      message: /No model server/,
    })
  })
})
