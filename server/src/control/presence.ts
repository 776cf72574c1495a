import type { Seat } from '@roofline/shared'
import type { Server } from 'socket.io'
import type { ClusterBus } from '../cluster/clusterBus.ts'
import { type ControlSocketData, sessionRoom } from './socketRooms.ts'

/**
 * Seats with a live control connection per session, on every process. Asking every process
 * (`fetchSockets`) is a round trip through all of them, so it is done when sockets come or
 * go (anywhere: the others are told through the bus), not for every command.
 */
export class Presence {
  readonly #io: Server
  readonly #bus: ClusterBus
  readonly #seats = new Map<string, Set<Seat>>()

  constructor(io: Server, bus: ClusterBus) {
    this.#io = io
    this.#bus = bus
    bus.onPresenceChanged((sessionId) => this.#seats.delete(sessionId))
  }

  /**
   * The seats connected to the session; `changed` when a socket of it came or went here (the
   * count is taken again and the other processes are told).
   */
  async seats(sessionId: string, changed: boolean): Promise<Set<Seat>> {
    const cached = changed ? undefined : this.#seats.get(sessionId)
    const seats = cached ?? (await this.#count(sessionId))
    if (changed) this.#bus.publishPresenceChanged(sessionId)
    return seats
  }

  async #count(sessionId: string): Promise<Set<Seat>> {
    const sockets = await this.#io.in(sessionRoom(sessionId)).fetchSockets()
    const seats = new Set(sockets.map((socket) => (socket.data as ControlSocketData).seat))
    if (seats.size > 0) this.#seats.set(sessionId, seats)
    else this.#seats.delete(sessionId)
    return seats
  }
}
