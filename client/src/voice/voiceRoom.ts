import {
  maxTrack,
  type Seat,
  VoiceEvent,
  type VoicePeer,
  type VoiceSignal,
  voiceJoinedSchema,
} from '@roofline/shared'
import type { SocketChannel } from '../net/socketChannel.ts'
import { ChunkUploader, type UploadStatus } from './chunkUploader.ts'
import { audioContext, LevelMeter, SPEAKING_LEVEL } from './levelMeter.ts'
import { type MicrophoneProblem, openMicrophone } from './microphone.ts'
import { PeerMesh } from './peerMesh.ts'
import { parsePeers, parseRelayedSignal } from './voiceApi.ts'
import { recordingMime, VoiceRecorder } from './voiceRecorder.ts'

/** Where the local person stands in the voice room. */
export type VoicePhase = 'off' | 'joining' | 'joined'

/** Everything the voice controls show, as one immutable snapshot. */
export interface VoiceSnapshot {
  phase: VoicePhase
  /** Why this person has no microphone in the room (they listen); null with a microphone or before joining. */
  problem: MicrophoneProblem | null
  /** A join that failed outright (the server refused it); null otherwise. */
  error: string | null
  hasMicrophone: boolean
  muted: boolean
  /** The voice roster: everyone in voice, this person included. */
  peers: VoicePeer[]
  you: string | null
  /** Seats speaking now (this person's own microphone included); none on a scratch board. */
  speaking: ReadonlySet<Seat>
  /** Peer ids speaking now (this person's own, `you`, included). */
  speakingPeers: ReadonlySet<string>
  deviceId: string | null
  /** Recording this person's microphone now. */
  recordingMine: boolean
  upload: UploadStatus | null
  /** The browser would not play the others' audio without a click (after a reload, say). */
  soundBlocked: boolean
}

/** Options of a {@link VoiceRoom}. */
export interface VoiceRoomOptions {
  /** Names the place (a session, a board) for remembering in the tab that this person joined. */
  place: string
  /** This person's session seat; null on a scratch board, where everyone is equal and may speak. */
  seat: Seat | null
  /** The control connection that carries the signalling. */
  control: SocketChannel
  /** The ICE servers (TURN with a fresh short-lived credential), asked for on every join. */
  iceServers(): Promise<RTCIceServer[]>
  /** The name to join under, read at each join (a board; a session names its seats itself). */
  name?: (() => string) | undefined
  /** Where this microphone's recording goes (sessions; a scratch board is never recorded). */
  recording?: { sessionId: string; token: string; seat: Seat; clockOffset(): number } | undefined
  /** Forces TURN (tests); read from `?iceTransportPolicy=relay` by the page. */
  iceTransportPolicy?: RTCIceTransportPolicy
}

const WANT_KEY = 'roofline.voice.joined.'
const TRACK_KEY = 'roofline.voice.track.'

/**
 * One person's side of a session's (or a scratch board's) voice room: the microphone, the peer mesh over the control
 * channel, who is speaking, and the recording of this microphone while recording is on and
 * this person has seen the notice. Joining is remembered for the tab (sessionStorage), so a
 * reload or a dropped connection joins again by itself.
 */
export class VoiceRoom {
  readonly #options: VoiceRoomOptions
  readonly #listeners = new Set<(snapshot: VoiceSnapshot) => void>()
  #snapshot: VoiceSnapshot = {
    phase: 'off',
    problem: null,
    error: null,
    hasMicrophone: false,
    muted: false,
    peers: [],
    you: null,
    speaking: new Set(),
    speakingPeers: new Set(),
    deviceId: null,
    recordingMine: false,
    upload: null,
    soundBlocked: false,
  }
  #stream: MediaStream | null = null
  #localMeter: LevelMeter | null = null
  readonly #remote = new Map<string, { stream: MediaStream; meter: LevelMeter; audio: HTMLAudioElement }>()
  #mesh: PeerMesh | null = null
  #recorder: VoiceRecorder | null = null
  #uploader: ChunkUploader | null = null
  #wantRecording = false
  #recordingSince = 0
  readonly #stops: Array<() => void> = []
  readonly #poll: ReturnType<typeof setInterval>

  constructor(options: VoiceRoomOptions) {
    this.#options = options
    const { control } = options
    this.#stops.push(
      control.onEvent(VoiceEvent.peers, (raw) => {
        const peers = parsePeers(raw)
        if (peers) this.#roster(peers)
      }),
      control.onEvent(VoiceEvent.signal, (raw) => {
        const relayed = parseRelayedSignal(raw)
        if (relayed) void this.#mesh?.handleSignal(relayed.from, relayed.signal).catch(warn)
      }),
      control.onConnection((connected) => {
        // A new control connection is a new peer id: join again if this tab was in voice.
        if (connected && this.wanted && this.#snapshot.phase !== 'joining') void this.#enter()
        if (!connected) this.#mesh?.close()
      }),
    )
    this.#poll = setInterval(() => this.#measure(), 100)
  }

  /** Whether this tab joined voice and has not left (survives a reload). */
  get wanted(): boolean {
    return sessionStorage.getItem(WANT_KEY + this.#options.place) === '1'
  }

  get snapshot(): VoiceSnapshot {
    return this.#snapshot
  }

  subscribe(listener: (snapshot: VoiceSnapshot) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The remote streams by seat, or by name on a board (the e2e tests measure their tones). */
  remoteStreams(): Map<string, MediaStream> {
    const bySeat = new Map<string, MediaStream>()
    for (const peer of this.#snapshot.peers) {
      const remote = this.#remote.get(peer.peerId)
      if (remote) bySeat.set(peer.seat ?? peer.name, remote.stream)
    }
    return bySeat
  }

  /** The mesh (the e2e tests read a connection's selected candidate pair). */
  get mesh(): PeerMesh | null {
    return this.#mesh
  }

  /** Joins voice: asks for the microphone (only now) when this seat may speak, then joins the mesh. */
  async join(deviceId?: string): Promise<void> {
    sessionStorage.setItem(WANT_KEY + this.#options.place, '1')
    if (deviceId) this.#set({ deviceId })
    // In voice already (listening after a refused microphone): only the microphone is tried again.
    if (this.#snapshot.phase === 'joined') await this.startSpeaking()
    else await this.#enter()
  }

  /** Leaves voice and forgets the choice. */
  async leave(): Promise<void> {
    sessionStorage.removeItem(WANT_KEY + this.#options.place)
    this.#stopRecording()
    this.#mesh?.close()
    this.#mesh = null
    this.#closeMicrophone()
    this.#set({ phase: 'off', peers: [], you: null, problem: null, error: null, hasMicrophone: false })
    await this.#options.control.request(VoiceEvent.leave, {})
  }

  /** Tells the others this person's new name (a board's name field), if in voice. */
  async rename(): Promise<void> {
    if (this.#snapshot.phase !== 'joined') return
    const ack = await this.#options.control.request(VoiceEvent.join, this.#joinPayload())
    if (!ack.ok) console.warn('Roofline voice: the new name was refused:', ack.error)
  }

  /** Mutes or unmutes the microphone (the others see it in the roster). */
  setMuted(muted: boolean): void {
    for (const track of this.#stream?.getAudioTracks() ?? []) track.enabled = !muted
    this.#set({ muted })
    this.#sendMicState()
  }

  /**
   * Tells the others (the roster) whether this microphone is muted and whether there is none
   * (refused or missing: this person listens only), when in voice.
   */
  #sendMicState(): void {
    if (this.#snapshot.phase !== 'joined') return
    const { muted, problem } = this.#snapshot
    void this.#options.control.request(VoiceEvent.mute, { muted, noMic: problem !== null })
  }

  /** Switches to microphone `deviceId`; a recording in progress continues on a new track. */
  async chooseDevice(deviceId: string): Promise<void> {
    this.#set({ deviceId })
    if (this.#snapshot.phase !== 'joined') return
    const recording = this.#recorder !== null
    this.#stopRecording()
    this.#closeMicrophone()
    await this.#openMicrophone()
    this.#mesh?.setLocalStream(this.#stream)
    if (recording) this.#syncRecording()
  }

  /** Opens the microphone of a listener the interviewer has just allowed to speak. */
  async startSpeaking(): Promise<void> {
    if (this.#stream || this.#snapshot.phase !== 'joined') return
    await this.#openMicrophone()
    this.#mesh?.setLocalStream(this.#stream)
    this.#syncRecording()
  }

  /** Plays the others' audio after a click, where the browser blocked it without one. */
  resumeSound(): void {
    void audioContext().resume()
    for (const { audio } of this.#remote.values()) void audio.play().catch(warn)
    this.#set({ soundBlocked: false })
  }

  /** Whether this person's microphone should be recorded now (recording on and notice seen). */
  setRecording(wanted: boolean, since: number | null = null): void {
    this.#wantRecording = wanted
    this.#recordingSince = since ?? 0
    this.#syncRecording()
  }

  /** Stops everything (the page goes away); the choice to be in voice stays for the reload. */
  close(): void {
    clearInterval(this.#poll)
    for (const stop of this.#stops) stop()
    this.#stopRecording()
    this.#uploader?.close()
    this.#mesh?.close()
    this.#closeMicrophone()
    for (const id of [...this.#remote.keys()]) this.#remoteStream(id, null)
  }

  async #enter(): Promise<void> {
    this.#set({ phase: 'joining', error: null })
    const mayAsk = this.#options.seat !== 'observer' || this.#me()?.maySpeak === true
    if (!this.#stream && mayAsk) await this.#openMicrophone()
    try {
      const iceServers = await this.#options.iceServers()
      const ack = await this.#options.control.request(VoiceEvent.join, this.#joinPayload())
      if (!ack.ok) throw new Error(ack.error)
      const joined = voiceJoinedSchema.parse(ack.value)
      this.#mesh?.close()
      this.#mesh = new PeerMesh({
        selfId: joined.you,
        iceServers,
        iceTransportPolicy: this.#options.iceTransportPolicy,
        signalling: { send: (to, signal) => this.#signal(to, signal) },
        onRemoteStream: (peerId, stream) => this.#remoteStream(peerId, stream),
      })
      this.#mesh.setLocalStream(this.#stream)
      this.#set({ phase: 'joined', you: joined.you })
      this.#roster(joined.peers)
      // A new peer starts unmuted with a microphone: say otherwise.
      if (this.#snapshot.muted || this.#snapshot.problem !== null) this.#sendMicState()
      this.#syncRecording()
    } catch (error) {
      this.#set({ phase: 'off', error: `Could not join voice: ${(error as Error).message}` })
    }
  }

  #joinPayload(): { name?: string } {
    const name = this.#options.name?.().trim()
    return name ? { name } : {}
  }

  async #signal(to: string, signal: VoiceSignal): Promise<void> {
    const ack = await this.#options.control.request(VoiceEvent.signal, { to, signal })
    if (!ack.ok) console.warn('Roofline voice: a signal was refused:', ack.error)
  }

  async #openMicrophone(): Promise<void> {
    const result = await openMicrophone(this.#snapshot.deviceId ?? undefined)
    if (!result.ok) {
      this.#set({ problem: result.problem, hasMicrophone: false })
      this.#sendMicState()
      return
    }
    this.#stream = result.stream
    for (const track of result.stream.getAudioTracks()) track.enabled = !this.#snapshot.muted
    this.#localMeter = new LevelMeter(result.stream)
    const deviceId = result.stream.getAudioTracks()[0]?.getSettings().deviceId ?? this.#snapshot.deviceId
    this.#set({ problem: null, hasMicrophone: true, deviceId: deviceId ?? null })
    // Tried again while in voice: the others see the microphone come back.
    this.#sendMicState()
  }

  #closeMicrophone(): void {
    this.#localMeter?.close()
    this.#localMeter = null
    for (const track of this.#stream?.getTracks() ?? []) track.stop()
    this.#stream = null
  }

  #me(): VoicePeer | undefined {
    return this.#snapshot.peers.find((peer) => peer.peerId === this.#snapshot.you)
  }

  #roster(peers: VoicePeer[]): void {
    this.#set({ peers })
    if (this.#snapshot.phase === 'joined') this.#mesh?.setPeers(peers.map((peer) => peer.peerId))
    // An observer whose permission to speak was taken back stops sending at once.
    const me = this.#me()
    if (me && this.#options.seat === 'observer' && !me.maySpeak && this.#stream) {
      this.#stopRecording()
      this.#closeMicrophone()
      this.#mesh?.setLocalStream(null)
      this.#set({ hasMicrophone: false })
    }
  }

  #remoteStream(peerId: string, stream: MediaStream | null): void {
    const old = this.#remote.get(peerId)
    if (old && old.stream === stream) return
    if (old) {
      old.meter.close()
      old.audio.srcObject = null
      old.audio.remove()
      this.#remote.delete(peerId)
    }
    if (!stream) return
    // Played through a media element: Chromium only runs a remote WebRTC stream's audio when one plays it.
    const audio = document.createElement('audio')
    audio.autoplay = true
    audio.srcObject = stream
    audio.dataset.voicePeer = peerId
    audio.hidden = true
    document.body.append(audio)
    void audio.play().catch(() => this.#set({ soundBlocked: true }))
    this.#remote.set(peerId, { stream, meter: new LevelMeter(stream), audio })
  }

  #measure(): void {
    const speaking = new Set<Seat>()
    const speakingPeers = new Set<string>()
    const local = this.#localMeter?.level() ?? 0
    const { seat } = this.#options
    if (local > SPEAKING_LEVEL && !this.#snapshot.muted) {
      if (seat) speaking.add(seat)
      if (this.#snapshot.you) speakingPeers.add(this.#snapshot.you)
    }
    for (const peer of this.#snapshot.peers) {
      const remote = this.#remote.get(peer.peerId)
      if (remote && !peer.muted && remote.meter.level() > SPEAKING_LEVEL) {
        if (peer.seat) speaking.add(peer.seat)
        speakingPeers.add(peer.peerId)
      }
    }
    if (!sameSet(speakingPeers, this.#snapshot.speakingPeers) || !sameSet(speaking, this.#snapshot.speaking))
      this.#set({ speaking, speakingPeers })
  }

  #syncRecording(): void {
    const should =
      this.#wantRecording &&
      this.#options.recording !== undefined &&
      this.#snapshot.phase === 'joined' &&
      this.#stream !== null &&
      this.#localMeter !== null
    if (should && !this.#recorder) this.#startRecording()
    if (!should && this.#recorder) this.#stopRecording()
  }

  #startRecording(): void {
    const mime = recordingMime()
    const stream = this.#stream
    const meter = this.#localMeter
    const target = this.#options.recording
    if (!mime || !stream || !meter || !target) return
    const { sessionId, seat, token } = target
    this.#uploader ??= new ChunkUploader({
      sessionId,
      seat,
      token,
      onStatus: (upload) => this.#set({ upload }),
    })
    const uploader = this.#uploader
    const now = () => Date.now() + target.clockOffset()
    this.#recorder = new VoiceRecorder({
      stream,
      track: nextTrack(sessionId, this.#recordingSince, now()),
      mime,
      level: () => (this.#snapshot.muted ? 0 : meter.level()),
      now,
      onChunk: (chunk) => uploader.add(chunk),
    })
    this.#set({ recordingMine: true })
  }

  #stopRecording(): void {
    this.#recorder?.stop()
    this.#recorder = null
    if (this.#snapshot.recordingMine) this.#set({ recordingMine: false })
  }

  #set(change: Partial<VoiceSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change }
    for (const listener of this.#listeners) listener(this.#snapshot)
  }
}

/**
 * The next recording track of this tab in session `sessionId`: every segment (a reload, a
 * re-join, a new microphone) starts a new track numbered from chunk 0, so each track's chunks
 * concatenate into one playable file. One more than this tab's last, and at least the number
 * of 10 s steps since recording began, so a segment from another tab (or after the tab was
 * closed) does not reuse a number for the first ~2.7 hours of recording.
 */
function nextTrack(sessionId: string, sinceMs: number, nowMs: number): number {
  const key = TRACK_KEY + sessionId
  const last = Number(sessionStorage.getItem(key) ?? -1)
  const next = Math.max(last + 1, Math.floor(Math.max(0, nowMs - sinceMs) / 10_000)) % (maxTrack + 1)
  sessionStorage.setItem(key, String(next))
  return next
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item))
}

function warn(error: unknown): void {
  console.warn('Roofline voice:', error)
}
