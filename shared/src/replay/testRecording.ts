import * as Y from 'yjs'
import { seededRandom } from '../seededRandom.ts'
import type { Recording, ReplayCheckpoint, ReplayLogEntry } from './recording.ts'

export { seededRandom } from '../seededRandom.ts'

/**
 * A random board history the way the server records it: edits to a records array and a
 * map (adds, moves, deletes), each stored as one log entry, with a checkpoint (the live
 * document re-encoded) every `checkpointEvery` entries.
 */
export function randomHistory(options: {
  seed: number
  updates: number
  checkpointEvery: number
  start?: number
}): { log: ReplayLogEntry[]; checkpoints: ReplayCheckpoint[] } {
  const random = seededRandom(options.seed)
  const doc = new Y.Doc()
  const records = doc.getArray<{ key: string; val: unknown }>('tl_records')
  const calc = doc.getMap<unknown>('calc')
  const log: ReplayLogEntry[] = []
  const checkpoints: ReplayCheckpoint[] = []
  let at = options.start ?? 1_700_000_000_000
  let pending: Uint8Array | null = null
  doc.on('update', (update: Uint8Array) => {
    pending = update
  })
  for (let i = 0; i < options.updates; i++) {
    const roll = random()
    if (roll < 0.5 || records.length === 0) {
      records.push([
        { key: `shape:${i}`, val: { typeName: 'shape', id: `shape:${i}`, x: Math.round(random() * 900) } },
      ])
    } else if (roll < 0.8) {
      const index = Math.floor(random() * records.length)
      const old = records.get(index)
      doc.transact(() => {
        records.delete(index)
        records.push([{ key: old.key, val: { ...(old.val as object), x: Math.round(random() * 900) } }])
      })
    } else if (roll < 0.9) {
      records.delete(Math.floor(random() * records.length))
    } else {
      calc.set(`field-${Math.floor(random() * 5)}`, String(random()))
    }
    // Bursts of edits a few ms apart, with an occasional idle gap of seconds to minutes.
    at += random() < 0.05 ? Math.round(random() * 120_000) : Math.round(random() * 40)
    if (!pending) continue
    log.push({
      seq: log.length + 1,
      at,
      author: random() < 0.5 ? 'interviewer' : 'candidate',
      update: pending,
    })
    pending = null
    if (log.length % options.checkpointEvery === 0) {
      checkpoints.push({ seq: log.length, at, state: Y.encodeStateAsUpdate(doc) })
    }
  }
  doc.destroy()
  return { log, checkpoints }
}

/** The document's content as plain data, for comparing two documents. */
export function docContent(doc: Y.Doc): unknown {
  return {
    records: doc.getArray('tl_records').toJSON(),
    calc: doc.getMap('calc').toJSON(),
    stateVector: [...Y.encodeStateVector(doc)],
  }
}

/** A recording around a board history, with a fixed interview plan of 1/2/3 minutes. */
export function recordingWith(parts: Partial<Recording> & Pick<Recording, 'events'>): Recording {
  const phases = [
    { id: 'clarify', title: 'Clarify', goal: 'Ask', minutes: 1 },
    { id: 'architecture', title: 'Architecture', goal: 'Draw', minutes: 2 },
    { id: 'deep-dive', title: 'Deep dive', goal: 'Break it', minutes: 3 },
  ]
  return {
    format: 'roofline.session',
    version: 2,
    exportedAt: 0,
    session: {
      id: 'session-1',
      mode: 'interview',
      createdAt: 0,
      endedAt: null,
      names: { host: 'Ana', guest: 'Ben' },
      templates: [{ id: 'serve', title: 'Serve a model', prompt: 'Design serving.', sources: [], phases }],
      startTemplateId: 'serve',
    },
    log: [],
    checkpoints: [],
    private: null,
    ...parts,
  }
}
