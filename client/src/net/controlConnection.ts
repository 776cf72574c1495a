import {
  type Ack,
  bestOffset,
  type ClientEventName,
  type ClientEventPayload,
  type ClockPong,
  type ClockSample,
  ControlEvent,
  clientEventSchemas,
  type Gathered,
  gatheredSchema,
  type PrivateState,
  privateStateSchema,
  type SessionState,
  sessionStateSchema,
} from '@roofline/shared'
import { io, type Socket } from 'socket.io-client'
import { type SocketChannel, socketChannel } from './socketChannel.ts'

/**
 * A live socket.io connection to a session's control plane. `request` and `onEvent` carry
 * events outside the session commands (voice signalling).
 */
export interface ControlConnection extends SocketChannel {
  /** Sends a command; resolves with the server's acknowledgement (never rejects). */
  send<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<Ack<unknown>>
  /** Server time minus local time, in ms, from the best NTP-style sample so far. */
  clockOffset(): number
  onState(listener: (state: SessionState) => void): () => void
  onPrivate(listener: (state: PrivateState | null) => void): () => void
  /** Told when the interviewer brings everyone to their view (never told of one's own). */
  onGathered(listener: (gathered: Gathered) => void): () => void
  /** Told when the server refuses the connection (bad link) with its reason. */
  onRefused(listener: (reason: string) => void): () => void
  close(): void
}

const CLOCK_SAMPLES = 5
const CLOCK_RESYNC_MS = 30_000

/**
 * Connects to the control plane of session `sessionId` with `token` in the handshake. Every
 * payload is checked against its schema before it is sent, every state the server sends is
 * checked on arrival, and the clock offset to the server is measured on connect and every
 * 30 seconds, so every participant's timer shows the same second.
 */
export function connectControl(options: {
  sessionId: string
  token: string
  url?: string
}): ControlConnection {
  const socket: Socket = io(options.url ?? '/', {
    path: '/socket.io',
    auth: { sessionId: options.sessionId, token: options.token },
    // A routing hint only (the server trusts `auth`): lets a load balancer send a session's
    // control connections to the process that holds its board (see the deployment guide).
    query: { room: options.sessionId },
    transports: ['websocket'],
  })
  const listeners = {
    state: new Set<(state: SessionState) => void>(),
    private: new Set<(state: PrivateState | null) => void>(),
    gathered: new Set<(gathered: Gathered) => void>(),
    refused: new Set<(reason: string) => void>(),
  }
  const channel = socketChannel(socket)
  /** The last of each, for listeners that subscribe after it came (see `replaying`). */
  const latest: { state?: SessionState; private?: PrivateState | null; refused?: string } = {}
  let samples: ClockSample[] = []
  let offset = 0

  const { request } = channel
  const send = <E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
  ): Promise<Ack<unknown>> => {
    const parsed = clientEventSchemas[event].safeParse(payload)
    if (!parsed.success)
      return Promise.resolve({ ok: false, error: parsed.error.issues[0]?.message ?? 'invalid' })
    return request(event, parsed.data)
  }

  const measureClock = async () => {
    for (let i = 0; i < CLOCK_SAMPLES && socket.connected; i++) {
      const clientSentAt = Date.now()
      const ack = await send(ControlEvent.clockPing, { clientSentAt })
      if (!ack.ok) continue
      const pong = ack.value as ClockPong
      samples = [...samples, { clientSentAt, serverAt: pong.serverAt, clientReceivedAt: Date.now() }].slice(
        -20,
      )
      offset = bestOffset(samples)?.offsetMs ?? offset
    }
  }
  const resync = setInterval(() => void measureClock(), CLOCK_RESYNC_MS)

  socket.on('connect', () => {
    samples = []
    void measureClock()
  })
  socket.on('disconnect', (reason) => {
    // Only the server ends a connection this way: the link was replaced by the interviewer.
    if (reason === 'io server disconnect') {
      latest.refused = 'This link was replaced by a new one. Ask the interviewer for the new link.'
      for (const listener of listeners.refused) listener(latest.refused)
    }
  })
  socket.on('connect_error', (error: Error) => {
    // A refusal from our handshake check stops retries: the link will not start working.
    if (socket.active) return
    latest.refused = error.message
    for (const listener of listeners.refused) listener(error.message)
  })
  socket.on(ControlEvent.state, (raw: unknown) => {
    const parsed = sessionStateSchema.safeParse(raw)
    if (!parsed.success) return console.warn('Roofline: ignored a malformed session state', parsed.error)
    latest.state = parsed.data
    for (const listener of listeners.state) listener(parsed.data)
  })
  socket.on(ControlEvent.privateState, (raw: unknown) => {
    const parsed = raw === null ? { success: true as const, data: null } : privateStateSchema.safeParse(raw)
    if (!parsed.success) return console.warn('Roofline: ignored a malformed private state', parsed.error)
    latest.private = parsed.data
    for (const listener of listeners.private) listener(parsed.data)
  })
  socket.on(ControlEvent.gathered, (raw: unknown) => {
    const parsed = gatheredSchema.safeParse(raw)
    if (!parsed.success) return console.warn('Roofline: ignored a malformed gather', parsed.error)
    for (const listener of listeners.gathered) listener(parsed.data)
  })

  const subscribe =
    <T>(set: Set<(value: T) => void>) =>
    (listener: (value: T) => void) => {
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    }
  // A listener that comes after a state, private state or refusal is told the last one: a page
  // may take over a connection opened before it loaded (earlyConnections.ts).
  const replaying =
    <T>(set: Set<(value: T) => void>, last: () => T | undefined) =>
    (listener: (value: T) => void) => {
      const stop = subscribe(set)(listener)
      const value = last()
      if (value !== undefined) listener(value)
      return stop
    }

  return {
    ...channel,
    send,
    clockOffset: () => offset,
    onState: replaying(listeners.state, () => latest.state),
    onPrivate: replaying(listeners.private, () => latest.private),
    onGathered: subscribe(listeners.gathered),
    onRefused: replaying(listeners.refused, () => latest.refused),
    close() {
      clearInterval(resync)
      socket.close()
    },
  }
}
