import { io } from 'socket.io-client'
import { type SocketChannel, socketChannel } from './socketChannel.ts'

/** A scratch board's control connection (voice only): a {@link SocketChannel} that can be closed. */
export interface BoardControl extends SocketChannel {
  close(): void
}

/**
 * Connects to scratch board `boardId`'s control namespace (`/board`). The board's link is its
 * access: the server admits whoever may open the board. socket.io reconnects by itself.
 */
export function connectBoardControl(boardId: string): BoardControl {
  const socket = io('/board', {
    path: '/socket.io',
    auth: { boardId },
    // A routing hint only, as for sessions: a load balancer keeps a board's connections together.
    query: { room: boardId },
    transports: ['websocket'],
  })
  return { ...socketChannel(socket), close: () => socket.close() }
}
