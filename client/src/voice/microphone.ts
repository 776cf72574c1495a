/** Why the microphone could not be opened, as the voice controls explain it. */
export type MicrophoneProblem = 'denied' | 'missing' | 'busy' | 'unsupported'

/** An opened microphone, or the reason there is none. */
export type MicrophoneResult = { ok: true; stream: MediaStream } | { ok: false; problem: MicrophoneProblem }

/** What each problem tells the person, in one sentence they can act on. */
export const microphoneProblemText: Record<MicrophoneProblem, string> = {
  denied: 'Microphone access is blocked. Allow it in the address bar (the microphone icon), then try again.',
  missing: 'No microphone was found. Plug one in, then try again.',
  busy: 'The microphone is in use by another app or could not start. Close that app, then try again.',
  unsupported: 'This browser cannot capture audio here (voice needs HTTPS or localhost).',
}

/**
 * Opens the microphone (device `deviceId`, or the default): voice-tuned capture with echo
 * cancellation and noise suppression, since everyone in a mesh hears everyone's speakers.
 * Never throws: a refusal comes back as a {@link MicrophoneProblem}.
 */
export async function openMicrophone(deviceId?: string): Promise<MicrophoneResult> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, problem: 'unsupported' }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      },
      video: false,
    })
    return { ok: true, stream }
  } catch (error) {
    return { ok: false, problem: problemOf(error) }
  }
}

/** The problem a `getUserMedia` rejection stands for (by the DOMException names browsers use). */
export function problemOf(error: unknown): MicrophoneProblem {
  const name = (error as { name?: string } | null)?.name ?? ''
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError')
    return 'denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return 'missing'
  if (name === 'TypeError') return 'unsupported'
  return 'busy'
}

/** The audio inputs the browser lists (their labels are known once the microphone was allowed). */
export async function listMicrophones(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return []
  const devices = await navigator.mediaDevices.enumerateDevices()
  return devices.filter((device) => device.kind === 'audioinput')
}
