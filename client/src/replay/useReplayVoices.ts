import type { Seat } from '@roofline/shared'
import { useEffect, useMemo, useRef, useState } from 'react'
import { audioContext } from '../voice/levelMeter.ts'
import { fetchVoiceChunk, fetchVoiceTracks, VoiceHttpError } from '../voice/voiceApi.ts'
import { CHUNK_FETCHES_AT_ONCE, forEachBounded, tracksNearestFirst } from './chunkFetchOrder.ts'
import { inIdleGap, mediaTimeAt, type SpeakerLane, speakerLanes, speechMarks } from './voiceLanes.ts'

/** Voices play with the board up to this speed (pitch preserved); faster plays silent. */
export const MAX_VOICE_SPEED = 2

/** The voices of a replay, as far as they are known. */
export type ReplayVoices =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; lanes: SpeakerLane[]; marks: number[] }

/**
 * The recorded voices of a replay (`GET .../voice`): nothing for a link made without voices
 * (the server refuses, and no audio is fetched), else one lane per speaker.
 */
export function useVoiceLanes(sessionId: string, token: string): ReplayVoices {
  const [voices, setVoices] = useState<ReplayVoices>({ kind: 'loading' })
  useEffect(() => {
    let live = true
    fetchVoiceTracks(sessionId, token).then(
      ({ tracks }) => {
        const lanes = speakerLanes(tracks)
        if (live)
          setVoices(
            lanes.length === 0 ? { kind: 'none' } : { kind: 'ready', lanes, marks: speechMarks(lanes) },
          )
      },
      (error: unknown) => {
        if (!live) return
        if (error instanceof VoiceHttpError && (error.status === 403 || error.status === 404))
          setVoices({ kind: 'none' })
        else
          setVoices({ kind: 'error', message: `The voices could not be loaded: ${(error as Error).message}` })
      },
    )
    return () => {
      live = false
    }
  }, [sessionId, token])
  return voices
}

/** A speaker's mix settings. */
export interface SpeakerMix {
  muted: boolean
  /** 0–1. */
  volume: number
}

interface TrackAudio {
  seat: Seat
  track: SpeakerLane['tracks'][number]
  audio: HTMLAudioElement
}

/** A speaker's output: every track of theirs → their volume → a meter → the speakers. */
interface SeatOutput {
  gain: GainNode
  analyser: AnalyserNode
}

/** What the playback of the voices reports and offers. */
export interface VoicePlayback {
  mix: Record<string, SpeakerMix>
  setMix(seat: Seat, mix: Partial<SpeakerMix>): void
  /** Every track's audio is in (tracks near the playhead play before that). */
  loaded: boolean
  /** The analyser on a seat's output (e2e tests measure the tone it plays). */
  analyser(seat: Seat): AnalyserNode | null
}

declare global {
  interface Window {
    /** The replay's voices (the e2e tests measure what each speaker's track plays). */
    __rooflineReplayVoices?: VoicePlayback
  }
}

/**
 * Plays every speaker's tracks in step with the playhead: each track is one media element
 * (its chunks concatenated), set to the playhead's place in it on every seek or drift over
 * 0.3 s, at the replay's speed with the pitch kept (`preservesPitch`). Over 2×, inside an idle
 * gap the clock compresses, or outside a track, the track is paused.
 */
export function useVoicePlayback(
  sessionId: string,
  token: string,
  lanes: readonly SpeakerLane[],
  marks: readonly number[],
  playhead: { t: number; playing: boolean; speed: number; skipIdle: boolean },
): VoicePlayback {
  const [tracks, setTracks] = useState<TrackAudio[]>([])
  // Every track loaded (the tests measure a speaker once all are in).
  const [complete, setComplete] = useState(false)
  // Where the playhead is when loading starts: its tracks are fetched first (not a dependency).
  const playheadAt = useRef(playhead.t)
  playheadAt.current = playhead.t
  const [outputs, setOutputs] = useState<Map<Seat, SeatOutput>>(new Map())
  const [mix, setMixState] = useState<Record<string, SpeakerMix>>({})
  useEffect(() => {
    let live = true
    setTracks([])
    setComplete(false)
    const made: TrackAudio[] = []
    const urls: string[] = []
    const context = audioContext()
    const seatOutputs = new Map<Seat, SeatOutput>()
    for (const lane of lanes) {
      const gain = context.createGain()
      const analyser = context.createAnalyser()
      analyser.fftSize = 4096
      gain.connect(analyser).connect(context.destination)
      seatOutputs.set(lane.seat, { gain, analyser })
    }
    setOutputs(seatOutputs)
    // Every chunk of every track, the tracks nearest the playhead first (each in chunk order),
    // fetched a few at once; a track plays as soon as all of its chunks are in.
    const wanted = tracksNearestFirst(
      lanes.flatMap((lane) => lane.tracks.map((track) => ({ seat: lane.seat, track, chunks: track.chunks }))),
      playheadAt.current,
    )
    const jobs = wanted.flatMap((entry) => {
      const parts: Blob[] = new Array(entry.chunks.length)
      let missing = entry.chunks.length
      return entry.chunks.map((chunk, index) => async () => {
        parts[index] = await fetchVoiceChunk(sessionId, token, entry.seat, entry.track.track, chunk.seq)
        if (!live || --missing > 0) return
        const url = URL.createObjectURL(new Blob(parts, { type: entry.track.mime }))
        urls.push(url)
        const audio = new Audio(url)
        audio.preload = 'auto'
        audio.preservesPitch = true
        context.createMediaElementSource(audio).connect((seatOutputs.get(entry.seat) as SeatOutput).gain)
        made.push({ seat: entry.seat, track: entry.track, audio })
        setTracks([...made])
      })
    })
    const load = async () => {
      await forEachBounded(
        jobs,
        CHUNK_FETCHES_AT_ONCE,
        (job) => job(),
        () => !live,
      )
      if (live) setComplete(true)
    }
    void load().catch((error: unknown) =>
      console.warn('Roofline replay: a voice chunk could not be loaded', error),
    )
    return () => {
      live = false
      for (const { audio } of made) audio.pause()
      for (const { gain, analyser } of seatOutputs.values()) {
        gain.disconnect()
        analyser.disconnect()
      }
      for (const url of urls) URL.revokeObjectURL(url)
    }
  }, [sessionId, token, lanes])

  const { t, playing, speed, skipIdle } = playhead
  const idle = skipIdle && inIdleGap(marks, t)
  useEffect(() => {
    for (const [seat, { gain }] of outputs) {
      const settings = mix[seat] ?? { muted: false, volume: 1 }
      gain.gain.value = settings.muted ? 0 : settings.volume
    }
  }, [outputs, mix])
  useEffect(() => {
    for (const { track, audio } of tracks) {
      const at = mediaTimeAt(track, t)
      const audible = playing && speed <= MAX_VOICE_SPEED && at !== null && !idle
      if (!audible || at === null) {
        if (!audio.paused) audio.pause()
        // Parked where the playhead is, so playing starts from the right place at once.
        if (at !== null && Math.abs(audio.currentTime - at) > 0.3) audio.currentTime = at
        continue
      }
      audio.playbackRate = speed
      if (Math.abs(audio.currentTime - at) > 0.3) audio.currentTime = at
      if (audio.paused) void audio.play().catch(() => {})
    }
  }, [tracks, t, playing, speed, idle])
  const playback = useMemo<VoicePlayback>(
    () => ({
      mix,
      loaded: complete && tracks.length > 0,
      setMix: (seat, change) =>
        setMixState((previous) => ({
          ...previous,
          [seat]: { ...(previous[seat] ?? { muted: false, volume: 1 }), ...change },
        })),
      analyser: (seat) => outputs.get(seat)?.analyser ?? null,
    }),
    [mix, tracks, outputs, complete],
  )
  useEffect(() => {
    window.__rooflineReplayVoices = playback
  }, [playback])
  return playback
}
