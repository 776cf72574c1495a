import type { Ack, PrivateState, SessionState } from '@roofline/shared'
import { io, type Socket } from 'socket.io-client'

/** A socket.io control client in Node that records everything it receives on the wire. */
export interface ControlClient {
  socket: Socket
  /** Every raw engine.io packet payload received, as text. */
  wire: string[]
  states: SessionState[]
  privates: Array<PrivateState | null>
  latest(): SessionState | undefined
  send(event: string, payload: unknown): Promise<Ack<unknown>>
  close(): void
}

/** Connects to `url` with `{sessionId, token}`; resolves once connected, rejects with the refusal. */
export function connectControlClient(
  url: string,
  sessionId: string,
  token: string | null,
): Promise<ControlClient> {
  return connect(url, { sessionId, token })
}

/** Connects to scratch board `boardId`'s control namespace (`/board`, voice only) on `url`. */
export function connectBoardControlClient(url: string, boardId: unknown): Promise<ControlClient> {
  return connect(`${url}/board`, { boardId })
}

async function connect(url: string, auth: Record<string, unknown>): Promise<ControlClient> {
  const socket = io(url, {
    path: '/socket.io',
    auth,
    transports: ['websocket'],
    reconnection: false,
  })
  const wire: string[] = []
  const states: SessionState[] = []
  const privates: Array<PrivateState | null> = []
  socket.io.on('open', () => {
    socket.io.engine.on('packet', (packet: { data?: unknown }) => {
      wire.push(typeof packet.data === 'string' ? packet.data : JSON.stringify(packet.data ?? ''))
    })
  })
  socket.on('session:state', (state: SessionState) => states.push(state))
  socket.on('session:private', (state: PrivateState | null) => privates.push(state))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (error) => reject(error))
  })
  return {
    socket,
    wire,
    states,
    privates,
    latest: () => states.at(-1),
    send: (event, payload) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<unknown>>,
    close: () => socket.close(),
  }
}
