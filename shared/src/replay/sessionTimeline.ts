import type { RevealedItem } from '../session/controlEvents.ts'
import { roleOfSeat, type Seat } from '../session/roles.ts'
import { initialTimerState, type TimerState, timerView } from '../timer/timerMachine.ts'
import { countAtMost } from './countAtMost.ts'
import type { PinnedCard } from './pinnedCards.ts'
import type { CursorPayload, PublicTemplate, RecordedEvent, Recording } from './recording.ts'
import type { RecordingOutline } from './recordingOutline.ts'

/** What the session looked like at one instant: the public state everyone saw. */
export interface SessionMoment {
  at: number
  round: number
  swapped: boolean
  template: PublicTemplate
  timer: TimerState
  /** Cards revealed so far in this round, in order. */
  revealed: RevealedItem[]
  ended: boolean
  /** Seats with at least one open connection. */
  present: Seat[]
}

/** A stretch of time in one phase of one round, for the scrubber's coloured segments. */
export interface PhaseSegment {
  from: number
  to: number
  round: number
  phaseIndex: number
  phaseId: string
  title: string
  /** `overtime`: past the end of the last phase; `paused`: the clock stood still. */
  status: 'running' | 'paused' | 'overtime'
}

/** Something worth a mark on the scrubber. */
export interface TimelineMarker {
  at: number
  kind: 'reveal' | 'pin' | 'note' | 'swap' | 'ended'
  label: string
  id: string
}

/** One (round, phase) the replay can jump to. */
export interface PhaseJump {
  round: number
  phaseIndex: number
  title: string
  /** The first instant of that phase. */
  at: number
}

interface Change {
  at: number
  apply(state: MutableMoment): void
}

/** What a timeline is built from: the parts a recording and its outline share. */
interface TimelineInput extends Pick<Recording, 'session' | 'events' | 'private'> {
  /** Server time of every board update, in log order. */
  logTimes: readonly number[]
}

type MutableMoment = Omit<SessionMoment, 'present' | 'at'> & { presence: Map<Seat, number> }

/**
 * The public side of a recording along time: the timer, prompt, revealed cards and presence
 * at any instant, the phases as segments, and the markers (reveals, pinned results, notes).
 * Pure: built once from the recorded control events.
 *
 * @example
 * const timeline = SessionTimeline.fromRecording(recording, findPinnedCards(recording.log))
 * timeline.momentAt(t).revealed   // what the candidate's panel showed at t
 * timerView(timeline.momentAt(t).timer, t).phase.title
 */
export class SessionTimeline {
  /** First instant worth showing (the first activity, not the creation of a link long before). */
  readonly start: number
  /** Last instant: the end of the session or its last activity. */
  readonly end: number
  readonly segments: PhaseSegment[]
  readonly markers: TimelineMarker[]
  /** Every instant something happened (updates, events, notes), ascending, for skipping idle gaps. */
  readonly activity: number[]
  readonly #changes: Change[]
  /** The state after each change, for a binary search instead of a replay of every event. */
  readonly #after: MutableMoment[]
  readonly #templates: Map<string, PublicTemplate>
  readonly #startTemplate: PublicTemplate
  /** Cursor samples, by time. */
  readonly #cursors: Array<CursorPayload & { at: number }>

  private constructor(recording: TimelineInput, pins: readonly PinnedCard[]) {
    const templates = new Map(recording.session.templates.map((t) => [t.id, t]))
    const first = recording.session.templates[0] as PublicTemplate
    this.#templates = templates
    this.#startTemplate = templates.get(recording.session.startTemplateId) ?? first
    const sorted = [...recording.events].sort((a, b) => a.at - b.at || a.seq - b.seq)
    // Cursors change nothing of the session's state and are not activity: they are kept apart.
    const events = sorted.filter((e) => e.type !== 'cursor')
    this.#cursors = sorted.flatMap((e) => (e.type === 'cursor' ? [{ at: e.at, ...e.payload }] : []))
    this.#changes = events.map((event) => ({ at: event.at, apply: (s) => this.#apply(s, event) }))
    const running = this.#initial()
    this.#after = this.#changes.map((change) => {
      change.apply(running)
      return { ...running, presence: new Map(running.presence) }
    })

    const notes = (recording.private?.rounds ?? []).flatMap((round) => round.notes)
    const activityTimes = [
      ...recording.logTimes,
      ...events.filter((e) => e.type !== 'joined' && e.type !== 'left').map((e) => e.at),
      ...notes.map((n) => n.at),
    ].sort((a, b) => a - b)
    const created = recording.session.createdAt
    const lastEvent = events.filter((e) => e.type !== 'left').at(-1)?.at ?? created
    const endedAt = recording.session.endedAt
    this.start = Math.max(created, (activityTimes[0] ?? created) - 1000)
    this.end = Math.max(
      this.start + 1000,
      endedAt ?? Math.max(activityTimes.at(-1) ?? created, lastEvent),
      activityTimes.at(-1) ?? created,
    )
    this.activity = [...new Set([this.start, ...activityTimes, this.end])].sort((a, b) => a - b)
    this.segments = this.#phaseSegments()
    this.markers = [
      ...events.flatMap((event): TimelineMarker[] => {
        if (event.type === 'reveal') {
          return [{ at: event.at, kind: 'reveal', label: event.payload.title, id: `reveal-${event.seq}` }]
        }
        if (event.type === 'swap') {
          return [
            { at: event.at, kind: 'swap', label: `Round ${event.payload.round}`, id: `swap-${event.seq}` },
          ]
        }
        if (event.type === 'ended') return [{ at: event.at, kind: 'ended', label: 'Ended', id: 'ended' }]
        return []
      }),
      ...pins.map((pin) => ({ at: pin.at, kind: 'pin' as const, label: pin.title, id: `pin-${pin.id}` })),
      ...notes.map((note) => ({
        at: note.at,
        kind: 'note' as const,
        label: note.text,
        id: `note-${note.id}`,
      })),
    ].sort((a, b) => a.at - b.at)
  }

  /** Builds the timeline of a recording; `pins` come from {@link findPinnedCards}. */
  static fromRecording(recording: Recording, pins: readonly PinnedCard[] = []): SessionTimeline {
    return new SessionTimeline({ ...recording, logTimes: recording.log.map((entry) => entry.at) }, pins)
  }

  /** Builds the timeline from a recording's outline (which carries its pins). */
  static fromOutline(outline: RecordingOutline): SessionTimeline {
    return new SessionTimeline({ ...outline, logTimes: outline.log.at }, outline.pins)
  }

  /** The public state of the session at instant `t`. */
  momentAt(t: number): SessionMoment {
    const low = countAtMost(this.#changes.length, (i) => this.#changes[i]?.at ?? 0, t)
    const state = low > 0 ? (this.#after[low - 1] as MutableMoment) : this.#initial()
    const present = [...state.presence].filter(([, n]) => n > 0).map(([seat]) => seat)
    const { presence: _presence, ...rest } = state
    return { ...rest, at: t, present }
  }

  /** Whether the recording has any cursor (recordings before version 2 have none). */
  get hasCursors(): boolean {
    return this.#cursors.length > 0
  }

  /**
   * Where each participant's pointer was at instant `t`: their latest sample, unless it is
   * older than `staleMs` (a pointer that left the board, or a participant who stopped moving).
   */
  cursorsAt(t: number, staleMs = 10_000): CursorPayload[] {
    const low = countAtMost(this.#cursors.length, (i) => this.#cursors[i]?.at ?? 0, t)
    const seen = new Map<number, CursorPayload>()
    for (let i = low - 1; i >= 0; i--) {
      const sample = this.#cursors[i] as CursorPayload & { at: number }
      if (sample.at < t - staleMs) break
      if (!seen.has(sample.client)) {
        const { at: _at, ...cursor } = sample
        seen.set(sample.client, cursor)
      }
    }
    return [...seen.values()]
  }

  /** The first instant of each (round, phase), in order, for "jump to phase". */
  phaseJumps(): PhaseJump[] {
    const jumps: PhaseJump[] = []
    for (const segment of this.segments) {
      if (segment.status === 'overtime') continue
      if (jumps.some((j) => j.round === segment.round && j.phaseIndex === segment.phaseIndex)) continue
      jumps.push({
        round: segment.round,
        phaseIndex: segment.phaseIndex,
        title: segment.title,
        at: segment.from,
      })
    }
    return jumps
  }

  /** Which seat interviewed in `round` (the host in odd rounds, the guest after each swap). */
  static interviewerOf(round: number): Seat {
    return roleOfSeat('host', (round - 1) % 2 === 1) === 'interviewer' ? 'host' : 'guest'
  }

  #initial(): MutableMoment {
    return {
      round: 1,
      swapped: false,
      template: this.#startTemplate,
      timer: initialTimerState(this.#startTemplate.phases),
      revealed: [],
      ended: false,
      presence: new Map(),
    }
  }

  #apply(state: MutableMoment, event: RecordedEvent): void {
    switch (event.type) {
      case 'created':
        return
      case 'joined':
      case 'left': {
        const seat = event.actor as Seat
        const count = state.presence.get(seat) ?? 0
        state.presence.set(seat, Math.max(0, count + (event.type === 'joined' ? 1 : -1)))
        return
      }
      case 'timer':
        state.timer = event.payload.timer
        return
      case 'reveal':
        state.revealed = [...state.revealed, event.payload]
        return
      case 'swap':
        state.round = event.payload.round
        state.swapped = event.payload.swapped
        state.revealed = []
        state.timer = initialTimerState(state.template.phases)
        return
      case 'template':
        state.template =
          event.payload.template ?? this.#templates.get(event.payload.templateId) ?? state.template
        state.revealed = []
        state.timer = initialTimerState(state.template.phases)
        return
      case 'ended':
        state.ended = true
        state.timer = event.payload.timer
        return
    }
  }

  /** Walks the timer states between changes and cuts them at every phase boundary. */
  #phaseSegments(): PhaseSegment[] {
    const state = this.#initial()
    const segments: PhaseSegment[] = []
    const push = (segment: PhaseSegment) => {
      if (segment.to <= segment.from) return
      const last = segments.at(-1)
      if (
        last &&
        last.to === segment.from &&
        last.round === segment.round &&
        last.phaseIndex === segment.phaseIndex &&
        last.status === segment.status
      ) {
        last.to = segment.to
      } else {
        segments.push(segment)
      }
    }
    let from = Number.NEGATIVE_INFINITY
    const emit = (until: number) => {
      const timer = state.timer
      const begin = Math.max(from, this.start)
      const stop = Math.min(until, this.end)
      if (timer.status === 'idle' || timer.status === 'stopped' || stop <= begin) return
      let t = begin
      while (t < stop) {
        const view = timerView(timer, t)
        const base = {
          round: state.round,
          phaseIndex: view.phaseIndex,
          phaseId: view.phase.id,
          title: view.phase.title,
        }
        if (timer.status === 'paused') {
          push({ ...base, from: t, to: stop, status: view.overtimeMs > 0 ? 'overtime' : 'paused' })
          return
        }
        if (view.overtimeMs > 0 || (view.phaseLeftMs === 0 && view.phaseIndex === view.phaseCount - 1)) {
          push({ ...base, from: t, to: stop, status: 'overtime' })
          return
        }
        const boundary = Math.min(stop, t + Math.max(1, view.phaseLeftMs))
        push({ ...base, from: t, to: boundary, status: 'running' })
        t = boundary
      }
    }
    for (const change of this.#changes) {
      emit(change.at)
      change.apply(state)
      from = change.at
    }
    emit(this.end)
    return segments
  }
}
