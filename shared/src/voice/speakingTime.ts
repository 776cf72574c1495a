import { levelSlotMs } from './voiceHttp.ts'

/**
 * A 100 ms slot counts as speech when its level (0–100, the browser's RMS of the microphone
 * scaled to 0–100) is at least this. Measured on the kind of levels a browser sends: room
 * noise and a fan sit under 10, quiet speech is 25 and up; 20 keeps breaths and keyboard
 * clicks out without losing soft speech.
 */
export const speechLevelThreshold = 20

/** What speaking time needs of a recorded chunk. */
export interface LevelChunk {
  seat: string
  at: number
  levels: readonly number[]
}

/** A stretch of one phase of one round (the replay's timeline segments). */
export interface PhaseStretch {
  from: number
  to: number
  round: number
  phaseIndex: number
  title: string
}

/** Speaking time of one seat in one phase of one round. */
export interface SpeakingTime {
  round: number
  phaseIndex: number
  phase: string
  seat: string
  speakingMs: number
}

/**
 * Time each seat spoke in each phase: every 100 ms slot at or above
 * {@link speechLevelThreshold} counts 100 ms to the phase whose stretch holds the slot's
 * start. Slots outside every stretch (before the timer started) count nowhere. Rows in
 * round, phase and seat order; a phase where nobody spoke has no rows.
 *
 * @example speakingTime([{ seat: 'host', at: 0, levels: [50, 0] }], [{ from: 0, to: 1000, round: 1, phaseIndex: 0, title: 'Clarify' }])
 * // [{ round: 1, phaseIndex: 0, phase: 'Clarify', seat: 'host', speakingMs: 100 }]
 */
export function speakingTime(
  chunks: readonly LevelChunk[],
  stretches: readonly PhaseStretch[],
): SpeakingTime[] {
  const sorted = [...stretches].sort((a, b) => a.from - b.from)
  const totals = new Map<string, SpeakingTime>()
  for (const chunk of chunks) {
    chunk.levels.forEach((level, slot) => {
      if (level < speechLevelThreshold) return
      const at = chunk.at + slot * levelSlotMs
      const stretch = sorted.find((s) => at >= s.from && at < s.to)
      if (!stretch) return
      const key = `${stretch.round}/${stretch.phaseIndex}/${chunk.seat}`
      const row = totals.get(key) ?? {
        round: stretch.round,
        phaseIndex: stretch.phaseIndex,
        phase: stretch.title,
        seat: chunk.seat,
        speakingMs: 0,
      }
      row.speakingMs += levelSlotMs
      totals.set(key, row)
    })
  }
  return [...totals.values()].sort(
    (a, b) => a.round - b.round || a.phaseIndex - b.phaseIndex || a.seat.localeCompare(b.seat),
  )
}
