import { randomUUID } from 'node:crypto'
import type { WebSocket } from 'ws'
import type { Connection, Principal } from '../rooms/room.ts'

/** The TCP socket under a WebSocket, as far as corking it goes. */
export interface Corkable {
  cork(): void
  uncork(): void
}

/**
 * Messages from this size on are written at once, not held to the tick's end: one system
 * call is little next to copying them, and a burst of them could fill the slow-consumer bound
 * within a tick for a client that keeps up.
 */
export const CORK_BELOW_BYTES = 16 * 1024

/** Where a connection logs that it dropped a slow consumer. */
export interface SlowConsumerLog {
  warn(fields: object, msg: string): void
}

/**
 * A room connection over a `ws` WebSocket: the writes of one tick go out together, and a
 * client that stops reading is dropped.
 *
 * **One write a tick.** The updates one group commit releases are relayed in one tick: the
 * TCP socket is corked at the tick's first write and uncorked when the tick ends, so a client
 * gets them in one `writev` instead of one system call (and one completion callback) each.
 *
 * **Slow consumers.** `bufferedAmount` counts the bytes `ws` could not yet hand to the kernel;
 * the kernel's own send buffer (at most `net.ipv4.tcp_wmem`'s maximum, 4 MiB by default) comes
 * on top. Those bytes are bounded by the kernel, and once they are full every further message
 * waits in `ws`, where the bound applies: the server holds at most the bound plus that buffer
 * for any one client. While the socket is corked, `bufferedAmount` also counts this tick's
 * writes, which only wait for the uncork: a reader keeping up would look like one that stopped
 * once a tick carried more than the bound (corking first landed that way, and a healthy
 * watcher was dropped again and again). So before dropping anyone, the writes held by the
 * cork are handed to the kernel, and what is left is judged as without corking; large
 * messages are not held at all.
 */
export class WsConnection implements Connection {
  readonly id = randomUUID()
  readonly principal: Principal
  readonly #socket: WebSocket
  readonly #tcp: Corkable
  readonly #maxBufferedBytes: number
  readonly #log: SlowConsumerLog
  readonly #roomId: string
  /** Whether `#tcp` is held corked by this connection until the current tick ends. */
  #corked = false

  /**
   * @param tcp the socket under `socket` (corked while a tick's writes gather)
   * @param maxBufferedBytes bytes a client may leave unread before it is dropped
   */
  constructor(
    socket: WebSocket,
    tcp: Corkable,
    principal: Principal,
    maxBufferedBytes: number,
    log: SlowConsumerLog,
    roomId: string,
  ) {
    this.#socket = socket
    this.#tcp = tcp
    this.principal = principal
    this.#maxBufferedBytes = maxBufferedBytes
    this.#log = log
    this.#roomId = roomId
  }

  send(message: Uint8Array): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return
    const bytes = message.byteLength
    // A large message gains nothing by waiting for the tick's end; a full buffer is judged
    // on what the kernel would not take. Either way, what the cork holds goes out now.
    if (this.#corked && (bytes >= CORK_BELOW_BYTES || this.#overBound(bytes))) this.#uncork()
    if (this.#overBound(bytes)) {
      const buffered = this.#socket.bufferedAmount
      this.#log.warn(
        { room: this.#roomId, connection: this.id, buffered, reason: 'client stopped reading' },
        'slow consumer dropped',
      )
      // A close frame would wait behind everything the client is not reading: drop the
      // socket at once, which frees its buffer now. The client sees the connection end and
      // reconnects, syncing what it missed.
      this.#socket.terminate()
      return
    }
    if (!this.#corked && bytes < CORK_BELOW_BYTES) {
      this.#corked = true
      this.#tcp.cork()
      // A stale callback (the cork was lifted early, and maybe set again) finds nothing to undo twice.
      process.nextTick(() => this.#uncork())
    }
    this.#socket.send(message)
  }

  close(code: number, reason: string): void {
    if (
      this.#socket.readyState === this.#socket.OPEN ||
      this.#socket.readyState === this.#socket.CONNECTING
    ) {
      this.#socket.close(code, reason)
    }
  }

  /**
   * Whether a message of `bytes` would take what is buffered past the bound. One message
   * always goes out to an empty buffer (a large first sync must not drop a client).
   */
  #overBound(bytes: number): boolean {
    const buffered = this.#socket.bufferedAmount
    return buffered > 0 && buffered + bytes > this.#maxBufferedBytes
  }

  /**
   * Hands the writes held by the cork to the kernel: what it takes leaves `bufferedAmount`
   * at once (a write the kernel completes at once is finished before `uncork` returns).
   */
  #uncork(): void {
    if (!this.#corked) return
    this.#corked = false
    this.#tcp.uncork()
  }
}
