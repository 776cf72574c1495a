import { createHash } from 'node:crypto'
import {
  initialVoiceState,
  type Note,
  type PrivateState,
  roleOfSeat,
  type Score,
  type Seat,
  type SessionState,
  type TemplateStart,
} from '@roofline/shared'
import type { SessionData } from '@roofline/shared/session'
import { sourceTitles } from '@roofline/templates'

/**
 * What each seat may see of a session, computed from its stored state: the public state
 * everyone gets, the interviewer's private state, and the board's start. Pure functions.
 */

/**
 * The key a session's public state names its template by: the same for every seat, changes
 * with the template, and does not give the template's id (its file name) away.
 */
export function templateKey(sessionId: string, templateId: string): string {
  return createHash('sha256').update(`${sessionId}\0${templateId}`).digest('base64url').slice(0, 16)
}

/** The public state as `seat` sees it at `now`. `connected` lists the seats with a live connection. */
export function publicView(
  id: string,
  data: SessionData,
  seat: Seat,
  connected: ReadonlySet<Seat>,
  now: number,
): SessionState {
  // Observers are listed only while one is connected: they are guests, not participants.
  const seats: Seat[] = connected.has('observer') ? ['host', 'guest', 'observer'] : ['host', 'guest']
  return {
    id,
    mode: data.mode,
    templateKey: templateKey(id, data.template.id),
    title: data.template.title,
    prompt: data.template.prompt,
    // Guides by title: a participant reads the title, never the file it is kept in.
    sources: sourceTitles(data.template.sources),
    timer: data.timer,
    round: data.round,
    swapped: data.swapped,
    participants: seats.map((s) => ({
      seat: s,
      role: roleOfSeat(s, data.swapped),
      name: s === 'observer' ? 'Observer' : data.names[s],
      connected: connected.has(s),
    })),
    revealed: data.revealed,
    examplesAllowed: data.examplesAllowed ?? false,
    endedAt: data.endedAt,
    voice: data.voice ?? initialVoiceState,
    you: { seat, role: roleOfSeat(seat, data.swapped) },
    serverNow: now,
  }
}

/** The interviewer's private state of the current round, with its notes and scores. */
export function privateView(data: SessionData, notes: Note[], scores: Record<string, Score>): PrivateState {
  const revealed = new Set(data.revealed.map((item) => item.id))
  return {
    round: data.round,
    clarifyingQuestions: data.template.clarifyingQuestions.map((q) => ({
      ...q,
      revealed: revealed.has(q.id),
    })),
    cards: data.template.cards.map((card) => ({ ...card, revealed: revealed.has(card.id) })),
    rubric: data.template.rubric,
    checks: data.template.checks,
    notes,
    scores,
  }
}

/** What the session's board starts with (presets, starter diagram; public), the template named by its key. */
export function startView(sessionId: string, data: SessionData): TemplateStart {
  return {
    templateId: templateKey(sessionId, data.template.id),
    presets: data.template.presets,
    starterDiagram: data.template.starterDiagram ?? [],
  }
}
