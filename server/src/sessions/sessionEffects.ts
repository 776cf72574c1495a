import { randomUUID } from 'node:crypto'
import type { SessionEffect } from '@roofline/shared/session'
import type { LinkTokens } from '../links/linkTokens.ts'
import type { Storage } from '../storage/storage.ts'

/**
 * Carries out one effect of a session command (after its state was saved) and answers what
 * the acknowledgement carries for it, if anything: the stored note, or the new link's token
 * (which leaves the server only in that acknowledgement).
 */
export async function runSessionEffect(
  storage: Storage,
  links: LinkTokens,
  sessionId: string,
  effect: SessionEffect,
  now: number,
): Promise<{ value: unknown } | undefined> {
  switch (effect.kind) {
    case 'add-note': {
      const note = { id: randomUUID(), ...effect.note }
      await storage.addNote(sessionId, note)
      return { value: note }
    }
    case 'set-score':
      await storage.setScore(sessionId, effect.round, effect.criterionId, effect.score)
      return undefined
    case 'replace-token': {
      const { seat } = effect
      const token = await links.replace(sessionId, { kind: 'seat', seat }, now)
      // The interviewer's browser builds the link on its own origin.
      return { value: { seat, token } }
    }
  }
}
