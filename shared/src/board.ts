import { z } from 'zod'
import { roomIdSchema } from './roomId.ts'

/**
 * Names of the shared types inside a room's Y.Doc. Client and server agree on them here so
 * that the server (recorder, replay, exports) can read the board the client writes.
 */
export const boardDocKeys = {
  /** Array of tldraw document records, one `{ key, val }` entry per record id (see `YRecordMap`). */
  records: 'tl_records',
  /** Y.Map holding the tldraw store schema the records were written with (for migrations). */
  meta: 'tl_meta',
  /** Y.Map of the calculator panel: one entry per calculator with its raw inputs (see calcPanel.ts). */
  calc: 'calc',
  /**
   * Y.Map saying the board got its template's start (key `templateId`): set once, by the first
   * browser that can write, so a session's starter diagram and presets arrive once, not per join.
   */
  seed: 'seed',
  /**
   * Y.Map of the simulator's last run (see client/src/sim/simDoc.ts): its inputs and seed, its
   * progress, and a compact summary of its result, so both people and the replay see one run.
   */
  sim: 'sim',
} as const

/** Answer of `POST /api/boards`: a new scratch board. */
export const createBoardResponseSchema = z.object({
  id: roomIdSchema,
  url: z.string(),
})

/** Answer of `POST /api/boards`. */
export type CreateBoardResponse = z.infer<typeof createBoardResponseSchema>

/** Where a board lives in the client: `/b/<id>`. */
export function boardPath(id: string): string {
  return `/b/${encodeURIComponent(id)}`
}
