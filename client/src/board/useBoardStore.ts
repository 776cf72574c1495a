import { useEffect, useState } from 'react'
import {
  atom,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type Signal,
  type TLStore,
  type TLStoreWithStatus,
} from 'tldraw'
import { type BoardConnection, type ConnectionState, connectBoard } from '../net/boardConnection.ts'
import { takeEarlyBoard } from '../net/earlyConnections.ts'
import { customShapeUtils } from './customShapes.ts'
import { type BoardUser, bindStoreToYjs } from './yjsStoreBinding.ts'

/** A board's store and its connection, as the page needs them. */
export interface BoardState {
  storeWithStatus: TLStoreWithStatus
  connectionState: ConnectionState
  /** The shared doc (for panels that live beside the board), once loaded. */
  connection: BoardConnection | null
}

/**
 * Connects to room `roomId`, waits for the first sync, then binds a fresh tldraw store to it.
 * The board stays usable when the connection drops; edits merge on reconnect.
 */
export function useBoardStore(roomId: string, user: Signal<BoardUser>, token?: string): BoardState {
  const [state, setState] = useState<BoardState>({
    storeWithStatus: { status: 'loading' },
    connectionState: 'connecting',
    connection: null,
  })

  useEffect(() => {
    // Opened by main.tsx while this page's code loaded, when it could (see earlyConnections.ts).
    const connection = takeEarlyBoard(roomId, token) ?? connectBoard({ roomId, token })
    const store: TLStore = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...customShapeUtils],
      bindingUtils: defaultBindingUtils,
    })
    let cancelled = false
    let dispose = () => {}

    const withConnection = (connectionState: ConnectionState) =>
      setState((previous) => ({
        ...previous,
        connectionState,
        storeWithStatus:
          previous.storeWithStatus.status === 'synced-remote'
            ? { ...previous.storeWithStatus, connectionStatus: onlineStatus(connectionState) }
            : previous.storeWithStatus,
      }))
    const stopListening = connection.onState(withConnection)
    // An early connection may be further along than 'connecting' already.
    if (connection.state() !== 'connecting') withConnection(connection.state())

    void connection.synced.then(() => {
      if (cancelled) return
      const binding = bindStoreToYjs({
        store,
        doc: connection.doc,
        awareness: connection.awareness,
        user,
        onVersionError: (error) =>
          setState((previous) => ({ ...previous, storeWithStatus: { status: 'error', error } })),
      })
      dispose = binding.dispose
      setState((previous) =>
        previous.storeWithStatus.status === 'error'
          ? previous
          : {
              connection,
              connectionState: connection.state(),
              storeWithStatus: {
                status: 'synced-remote',
                connectionStatus: onlineStatus(connection.state()),
                store,
              },
            },
      )
    })

    return () => {
      cancelled = true
      stopListening()
      dispose()
      connection.destroy()
    }
  }, [roomId, token, user])

  return state
}

function onlineStatus(state: ConnectionState): 'online' | 'offline' {
  return state === 'connected' ? 'online' : 'offline'
}

/** A user signal for `useBoardStore`, created once per page. */
export function createUserSignal(user: BoardUser) {
  return atom<BoardUser>('local user', user)
}
