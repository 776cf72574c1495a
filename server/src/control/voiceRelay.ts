import { randomBytes } from 'node:crypto'
import {
  type Ack,
  type Seat,
  VoiceEvent,
  type VoiceEventName,
  type VoiceJoined,
  type VoicePeer,
  voiceEventSchemas,
} from '@roofline/shared'
import type { Server, Socket } from 'socket.io'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import type { SessionService } from '../sessions/sessionService.ts'
import { type ControlSocketData, sessionRoom } from './socketRooms.ts'

/** Whether `event` names a voice transport event (own keys only). */
export const isVoiceEvent = (event: unknown): event is VoiceEventName =>
  typeof event === 'string' && Object.hasOwn(voiceEventSchemas, event)

/** The socket.io room of one voice peer: only that connection joins it. */
const peerRoom = (sessionId: string, peerId: string) => `session:${sessionId}:voice:${peerId}`

/**
 * Live voice over the control connection: the roster lives on the sockets themselves
 * (`socket.data.voice`), so every process reads the same one (`fetchSockets` goes through the
 * Redis adapter in a cluster), and a signal goes to the target's own room, which only a
 * connection of the same session can have joined: one session never reaches another.
 */
export class VoiceRelay {
  readonly #io: Server
  readonly #service: SessionService
  readonly #logger: RoomLogger

  constructor(io: Server, service: SessionService, logger: RoomLogger) {
    this.#io = io
    this.#service = service
    this.#logger = logger
    service.onChange((change) => {
      // Whether the observer may speak is in the public state; the roster carries it.
      if (change.remote || !change.publicState || change.deleted) return
      if (!this.#anyLocalPeer(change.sessionId)) return
      void this.sendRoster(change.sessionId).catch((error: unknown) =>
        logger.error({ session: change.sessionId, err: String(error) }, 'could not send the voice roster'),
      )
    })
  }

  /** Answers one voice event of `socket`: checked against its schema, then carried out. Never throws. */
  async handle(socket: Socket, event: VoiceEventName, payload: unknown): Promise<Ack<unknown>> {
    const data = socket.data as ControlSocketData
    const parsed = voiceEventSchemas[event].safeParse(payload)
    if (!parsed.success) {
      const reason = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`)
        .join('; ')
      this.#logger.warn({ session: data.sessionId, event, reason }, 'refused invalid event')
      return { ok: false, error: `Invalid ${event}: ${reason}` }
    }
    try {
      switch (event) {
        case VoiceEvent.join:
          return { ok: true, value: await this.#join(socket, data) }
        case VoiceEvent.leave:
          await this.#leave(socket, data)
          return { ok: true, value: undefined }
        case VoiceEvent.mute: {
          if (!data.voice) return { ok: false, error: 'Join voice first.' }
          data.voice.muted = (parsed.data as { muted: boolean }).muted
          await this.sendRoster(data.sessionId)
          return { ok: true, value: undefined }
        }
        case VoiceEvent.signal:
          return await this.#relay(socket, data, parsed.data as { to: string; signal: unknown })
      }
    } catch (error) {
      this.#logger.error({ session: data.sessionId, event, err: String(error) }, 'voice event failed')
      return { ok: false, error: 'The server could not do that; try again.' }
    }
  }

  /** The session's voice roster sent to every member (on every process). */
  async sendRoster(sessionId: string): Promise<VoicePeer[]> {
    const peers = await this.#roster(sessionId)
    this.#io.to(sessionRoom(sessionId)).emit(VoiceEvent.peers, peers)
    return peers
  }

  /** A connection left (closed): if it was in voice, the others hear the roster without it. */
  disconnected(data: ControlSocketData): void {
    if (!data.voice) return
    void this.sendRoster(data.sessionId).catch((error: unknown) =>
      this.#logger.error({ session: data.sessionId, err: String(error) }, 'could not send the voice roster'),
    )
  }

  async #join(socket: Socket, data: ControlSocketData): Promise<VoiceJoined> {
    if (!data.voice) {
      // Opaque and per connection: a reload joins as a new peer; the seat stays.
      data.voice = { peerId: randomBytes(12).toString('base64url'), muted: false }
      await socket.join(peerRoom(data.sessionId, data.voice.peerId))
    }
    const peers = await this.sendRoster(data.sessionId)
    return { peers, you: data.voice.peerId }
  }

  async #leave(socket: Socket, data: ControlSocketData): Promise<void> {
    if (!data.voice) return
    await socket.leave(peerRoom(data.sessionId, data.voice.peerId))
    data.voice = undefined
    await this.sendRoster(data.sessionId)
  }

  async #relay(
    socket: Socket,
    data: ControlSocketData,
    message: { to: string; signal: unknown },
  ): Promise<Ack<unknown>> {
    if (!data.voice) return { ok: false, error: 'Join voice first.' }
    const room = peerRoom(data.sessionId, message.to)
    // Locally first: in a mesh most peers share the process; else ask the others.
    const here = this.#io.sockets.adapter.rooms.get(room)?.size ?? 0
    if (here === 0 && (await this.#io.in(room).fetchSockets()).length === 0) {
      return { ok: false, error: 'That peer is not in voice in this session.' }
    }
    socket.to(room).emit(VoiceEvent.signal, { from: data.voice.peerId, signal: message.signal })
    return { ok: true, value: undefined }
  }

  async #roster(sessionId: string): Promise<VoicePeer[]> {
    const [sockets, session] = await Promise.all([
      this.#io.in(sessionRoom(sessionId)).fetchSockets(),
      this.#service.data(sessionId),
    ])
    const peers: VoicePeer[] = []
    for (const remote of sockets) {
      const { seat, voice } = remote.data as ControlSocketData
      if (!voice) continue
      peers.push({
        peerId: voice.peerId,
        seat,
        name: nameOf(seat, session.names),
        muted: voice.muted,
        maySpeak: seat !== 'observer' || session.voice?.observerMaySpeak === true,
      })
    }
    return peers.sort((a, b) => a.seat.localeCompare(b.seat) || a.peerId.localeCompare(b.peerId))
  }

  #anyLocalPeer(sessionId: string): boolean {
    const ids = this.#io.sockets.adapter.rooms.get(sessionRoom(sessionId))
    if (!ids) return false
    for (const id of ids)
      if ((this.#io.sockets.sockets.get(id)?.data as ControlSocketData | undefined)?.voice) return true
    return false
  }
}

function nameOf(seat: Seat, names: { host: string; guest: string }): string {
  return seat === 'observer' ? 'Observer' : names[seat]
}
