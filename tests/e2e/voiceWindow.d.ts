/** What the voice tests read of the page's voice room (`window.__rooflineVoice`). */
interface RooflineTestVoiceRoom {
  remoteStreams(): Map<string, MediaStream>
  snapshot: { upload: { pending: number; acknowledged: number; refused: string | null } | null }
  mesh: { peerIds: string[]; connection(peerId: string): RTCPeerConnection | undefined } | null
}

/** What the replay tests read of the replay's voices (`window.__rooflineReplayVoices`). */
interface RooflineTestReplayVoices {
  loaded: boolean
  analyser(seat: string): AnalyserNode | null
}

interface Window {
  __rooflineVoice?: RooflineTestVoiceRoom
  __rooflineReplayVoices?: RooflineTestReplayVoices
}
