import type { VoiceSignal } from '@roofline/shared'

/** How the mesh reaches the other peers: the control channel's `voice:signal`. */
export interface SignalSender {
  send(to: string, signal: VoiceSignal): Promise<void>
}

/** Options of a {@link PeerMesh}. */
export interface PeerMeshOptions {
  /** This connection's peer id (from `voice:join`): decides who is polite in a collision. */
  selfId: string
  signalling: SignalSender
  iceServers: RTCIceServer[]
  /** 'relay' forces every connection through TURN (tests, locked-down networks). */
  iceTransportPolicy?: RTCIceTransportPolicy
  /** Told when a peer's audio arrives (a stream) or goes (null). */
  onRemoteStream(peerId: string, stream: MediaStream | null): void
  /** Told of a peer connection's state (for the controls' "connecting…"). */
  onPeerState?(peerId: string, state: RTCPeerConnectionState): void
}

interface Peer {
  pc: RTCPeerConnection
  polite: boolean
  makingOffer: boolean
  ignoreOffer: boolean
  /** Candidates that came before the description they belong to. */
  early: RTCIceCandidateInit[]
}

/**
 * The voice mesh: one RTCPeerConnection per other peer, negotiated with the "perfect
 * negotiation" pattern (either side may offer at any time; on a collision the polite peer,
 * the one with the smaller id, rolls back), so a peer that joins, reloads or changes its
 * microphone renegotiates without any side coordinating who goes first.
 */
export class PeerMesh {
  readonly #options: PeerMeshOptions
  readonly #peers = new Map<string, Peer>()
  #track: MediaStreamTrack | null = null

  constructor(options: PeerMeshOptions) {
    this.#options = options
  }

  /** The ids of the peers this mesh holds a connection to. */
  get peerIds(): string[] {
    return [...this.#peers.keys()]
  }

  /** The connection to `peerId` (tests read its selected candidate pair). */
  connection(peerId: string): RTCPeerConnection | undefined {
    return this.#peers.get(peerId)?.pc
  }

  /** Sends `stream`'s audio to every peer (null: listen only). */
  setLocalStream(stream: MediaStream | null): void {
    this.#track = stream?.getAudioTracks()[0] ?? null
    for (const peer of this.#peers.values()) void this.#attach(peer.pc)
  }

  /** Connects to every peer in `peerIds` not yet connected, and drops the ones no longer there. */
  setPeers(peerIds: readonly string[]): void {
    const wanted = new Set(peerIds.filter((id) => id !== this.#options.selfId))
    for (const id of this.#peers.keys()) if (!wanted.has(id)) this.#drop(id)
    for (const id of wanted) if (!this.#peers.has(id)) this.#connect(id)
  }

  /** Handles a signal relayed from `from`. */
  async handleSignal(from: string, signal: VoiceSignal): Promise<void> {
    const peer = this.#peers.get(from) ?? this.#connect(from)
    const { pc } = peer
    if (signal.type === 'candidate') {
      const candidate = { ...signal.candidate, usernameFragment: signal.candidate.usernameFragment ?? null }
      if (!pc.remoteDescription) peer.early.push(candidate)
      else await this.#addCandidate(peer, candidate)
      return
    }
    const collision = signal.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable')
    peer.ignoreOffer = !peer.polite && collision
    if (peer.ignoreOffer) return
    await pc.setRemoteDescription({ type: signal.type, sdp: signal.sdp })
    for (const candidate of peer.early.splice(0)) await this.#addCandidate(peer, candidate)
    if (signal.type === 'offer') {
      // The offer made the one audio transceiver: answer with this side's microphone on it.
      await this.#attach(pc)
      await pc.setLocalDescription()
      const answer = pc.localDescription
      if (answer) await this.#send(from, { type: 'answer', sdp: answer.sdp })
    }
  }

  async #addCandidate(peer: Peer, candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await peer.pc.addIceCandidate(candidate)
    } catch (error) {
      if (!peer.ignoreOffer) console.warn('Roofline voice: a candidate was refused', error)
    }
  }

  /** Closes every connection. */
  close(): void {
    for (const id of [...this.#peers.keys()]) this.#drop(id)
  }

  #connect(peerId: string): Peer {
    const pc = new RTCPeerConnection({
      iceServers: this.#options.iceServers,
      iceTransportPolicy: this.#options.iceTransportPolicy ?? 'all',
    })
    const peer: Peer = {
      pc,
      polite: this.#options.selfId < peerId,
      makingOffer: false,
      ignoreOffer: false,
      early: [],
    }
    this.#peers.set(peerId, peer)
    pc.onnegotiationneeded = async () => {
      try {
        peer.makingOffer = true
        await pc.setLocalDescription()
        const offer = pc.localDescription
        if (offer) await this.#send(peerId, { type: offer.type as 'offer', sdp: offer.sdp })
      } catch (error) {
        console.warn('Roofline voice: could not offer', error)
      } finally {
        peer.makingOffer = false
      }
    }
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate?.candidate) return
      void this.#send(peerId, {
        type: 'candidate',
        candidate: {
          candidate: candidate.candidate,
          sdpMid: candidate.sdpMid,
          sdpMLineIndex: candidate.sdpMLineIndex,
          ...(candidate.usernameFragment ? { usernameFragment: candidate.usernameFragment } : {}),
        },
      })
    }
    // The pair's one receiver track, in a stream of its own: the sender's stream ids (msid)
    // can change with renegotiation, the receiver's track does not.
    let heard: MediaStreamTrack | null = null
    pc.ontrack = (event) => {
      if (event.track === heard) return
      heard = event.track
      this.#options.onRemoteStream(peerId, new MediaStream([event.track]))
    }
    pc.onconnectionstatechange = () => {
      this.#options.onPeerState?.(peerId, pc.connectionState)
      // A failed path (a network change) gets new candidates without tearing the call down.
      if (pc.connectionState === 'failed') pc.restartIce()
    }
    // One audio m-line per pair, both ways: the impolite side makes it and offers, the polite
    // side puts its microphone on it when the offer arrives (two m-lines would give two remote
    // tracks, one of them silent). A listener's side sends nothing on it.
    if (!peer.polite) {
      pc.addTransceiver(this.#track ?? 'audio', { direction: 'sendrecv' })
    }
    return peer
  }

  /** Puts the microphone (or nothing) on `pc`'s audio transceiver. */
  async #attach(pc: RTCPeerConnection): Promise<void> {
    const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio')
    if (!transceiver) return
    transceiver.direction = 'sendrecv'
    await transceiver.sender.replaceTrack(this.#track)
  }

  #drop(peerId: string): void {
    const peer = this.#peers.get(peerId)
    if (!peer) return
    this.#peers.delete(peerId)
    peer.pc.onnegotiationneeded = null
    peer.pc.onicecandidate = null
    peer.pc.ontrack = null
    peer.pc.onconnectionstatechange = null
    peer.pc.close()
    this.#options.onRemoteStream(peerId, null)
  }

  async #send(to: string, signal: VoiceSignal): Promise<void> {
    await this.#options.signalling.send(to, signal)
  }
}
