import { randomBytes } from 'node:crypto'
import {
  type Ack,
  VoiceEvent,
  type VoiceEventName,
  type VoiceJoined,
  type VoicePeer,
  voiceEventSchemas,
} from '@roofline/shared'
import type { Namespace, Socket } from 'socket.io'
import { describeValue } from '../limits/valueBounds.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'

/** Whether `event` names a voice transport event (own keys only). */
export const isVoiceEvent = (event: unknown): event is VoiceEventName =>
  typeof event === 'string' && Object.hasOwn(voiceEventSchemas, event)

/** What a voice relay keeps on each connection of its namespace. */
export interface VoiceSocketData {
  /**
   * Set while this connection is in voice: its peer id, whether its microphone is muted, and
   * whether it has none (as the client says: refused or missing).
   */
  voice?: { peerId: string; muted: boolean; noMic?: boolean } | undefined
  /** The name the connection joined voice with (boards; a session names its seats itself). */
  voiceName?: string | undefined
}

/**
 * Where voice rooms live: one per session, or one per scratch board. The relay needs to know
 * which place a connection belongs to, the socket.io room holding all of a place's connections
 * (only connections admitted to that place join it), and how the place describes its peers.
 */
export interface VoicePlace<D extends VoiceSocketData> {
  /** "session" or "board", for the logs. */
  kind: string
  /** The id of the place connection `data` was admitted to. */
  placeOf(data: D): string
  /** The socket.io room of every connection of place `id`. */
  room(id: string): string
  /**
   * How place `id` names a connection in voice in the roster (its seat, name and whether it may
   * speak); read once per roster.
   */
  describer(id: string): Promise<(member: D) => Omit<VoicePeer, 'peerId' | 'muted' | 'noMic'>>
}

/** The socket.io room of one voice peer: only that connection joins it. */
const peerRoom = (placeRoom: string, peerId: string) => `${placeRoom}:voice:${peerId}`

/**
 * Live voice over a control connection, for any kind of place: the roster lives on the
 * sockets themselves (`socket.data.voice`), so every process reads the same one
 * (`fetchSockets` goes through the Redis adapter in a cluster), and a signal goes to the
 * target's own room, which only a connection of the same place can have joined: one session
 * or board never reaches another.
 */
export class VoiceRelay<D extends VoiceSocketData> {
  readonly #ns: Namespace
  readonly #place: VoicePlace<D>
  readonly #logger: RoomLogger

  constructor(ns: Namespace, place: VoicePlace<D>, logger: RoomLogger) {
    this.#ns = ns
    this.#place = place
    this.#logger = logger
  }

  /**
   * Listens to the voice events of `socket`: each needs an acknowledgement and one payload.
   * `refuse` logs and answers a refusal; `closeOnError` closes the socket on a server fault.
   */
  listen(
    socket: Socket,
    refuse: (event: unknown, reason: string, ack: unknown, error: string) => void,
    closeOnError: (what: string) => (error: unknown) => void,
  ): void {
    for (const event of Object.keys(voiceEventSchemas)) {
      if (!isVoiceEvent(event)) continue
      socket.on(event, (...args: unknown[]) => {
        const ack = args.at(-1)
        if (typeof ack !== 'function') return refuse(event, 'no acknowledgement callback', ack, '')
        if (args.length !== 2) {
          return refuse(event, `${args.length - 1} payloads`, ack, `Invalid ${event}: send one payload.`)
        }
        void this.handle(socket, event, args[0])
          .then((result) => ack(result))
          .catch(closeOnError(event))
      })
    }
    socket.on('disconnect', () => this.disconnected(socket.data as D))
  }

  /** Answers one voice event of `socket`: checked against its schema, then carried out. Never throws. */
  async handle(socket: Socket, event: VoiceEventName, payload: unknown): Promise<Ack<unknown>> {
    const data = socket.data as D
    const place = this.#place.placeOf(data)
    const parsed = voiceEventSchemas[event].safeParse(payload)
    if (!parsed.success) {
      const reason = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`)
        .join('; ')
      this.#logger.warn({ [this.#place.kind]: place, event, reason }, 'refused invalid event')
      return { ok: false, error: `Invalid ${event}: ${reason}` }
    }
    try {
      switch (event) {
        case VoiceEvent.join:
          return { ok: true, value: await this.#join(socket, data, (parsed.data as { name?: string }).name) }
        case VoiceEvent.leave:
          await this.#leave(socket, data)
          return { ok: true, value: undefined }
        case VoiceEvent.mute: {
          if (!data.voice) return { ok: false, error: 'Join voice first.' }
          const { muted, noMic } = parsed.data as { muted: boolean; noMic?: boolean }
          data.voice.muted = muted
          // A client that does not say keeps what it said last.
          if (noMic !== undefined) data.voice.noMic = noMic
          await this.sendRoster(place)
          return { ok: true, value: undefined }
        }
        case VoiceEvent.signal:
          return await this.#relay(socket, data, parsed.data as { to: string; signal: unknown })
      }
    } catch (error) {
      this.#logger.error(
        { [this.#place.kind]: place, event, err: describeValue(String(error), 200) },
        'voice event failed',
      )
      return { ok: false, error: 'The server could not do that; try again.' }
    }
  }

  /** Place `id`'s voice roster sent to every connection of it (on every process). */
  async sendRoster(id: string): Promise<VoicePeer[]> {
    const [sockets, describe] = await Promise.all([
      this.#ns.in(this.#place.room(id)).fetchSockets(),
      this.#place.describer(id),
    ])
    const peers: VoicePeer[] = []
    for (const remote of sockets) {
      const member = remote.data as D
      if (member.voice)
        peers.push({
          peerId: member.voice.peerId,
          muted: member.voice.muted,
          ...(member.voice.noMic ? { noMic: true as const } : {}),
          ...describe(member),
        })
    }
    peers.sort(
      (a, b) =>
        (a.seat ?? '').localeCompare(b.seat ?? '') ||
        a.name.localeCompare(b.name) ||
        a.peerId.localeCompare(b.peerId),
    )
    this.#ns.to(this.#place.room(id)).emit(VoiceEvent.peers, peers)
    return peers
  }

  /** Sends the roster again if a connection of place `id` on this process is in voice. */
  refreshRoster(id: string): void {
    if (!this.#anyLocalPeer(id)) return
    this.#sendRosterLogged(id)
  }

  /** A connection left (closed): if it was in voice, the others hear the roster without it. */
  disconnected(data: D): void {
    if (data.voice) this.#sendRosterLogged(this.#place.placeOf(data))
  }

  #sendRosterLogged(id: string): void {
    void this.sendRoster(id).catch((error: unknown) =>
      this.#logger.error({ [this.#place.kind]: id, err: String(error) }, 'could not send the voice roster'),
    )
  }

  async #join(socket: Socket, data: D, name: string | undefined): Promise<VoiceJoined> {
    // A join again with a name renames this peer (a board's person changed their name).
    if (name !== undefined) data.voiceName = name
    if (!data.voice) {
      // Opaque and per connection: a reload joins as a new peer.
      data.voice = { peerId: randomBytes(12).toString('base64url'), muted: false }
      await socket.join(peerRoom(this.#place.room(this.#place.placeOf(data)), data.voice.peerId))
    }
    const peers = await this.sendRoster(this.#place.placeOf(data))
    return { peers, you: data.voice.peerId }
  }

  async #leave(socket: Socket, data: D): Promise<void> {
    if (!data.voice) return
    const place = this.#place.placeOf(data)
    await socket.leave(peerRoom(this.#place.room(place), data.voice.peerId))
    data.voice = undefined
    await this.sendRoster(place)
  }

  async #relay(socket: Socket, data: D, message: { to: string; signal: unknown }): Promise<Ack<unknown>> {
    if (!data.voice) return { ok: false, error: 'Join voice first.' }
    const room = peerRoom(this.#place.room(this.#place.placeOf(data)), message.to)
    // Locally first: in a mesh most peers share the process; else ask the others.
    const here = this.#ns.adapter.rooms.get(room)?.size ?? 0
    if (here === 0 && (await this.#ns.in(room).fetchSockets()).length === 0) {
      return { ok: false, error: `That peer is not in voice in this ${this.#place.kind}.` }
    }
    socket.to(room).emit(VoiceEvent.signal, { from: data.voice.peerId, signal: message.signal })
    return { ok: true, value: undefined }
  }

  #anyLocalPeer(id: string): boolean {
    const ids = this.#ns.adapter.rooms.get(this.#place.room(id))
    if (!ids) return false
    for (const socketId of ids)
      if ((this.#ns.sockets.get(socketId)?.data as D | undefined)?.voice) return true
    return false
  }
}
