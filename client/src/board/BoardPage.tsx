import { useState } from 'react'
import { type Editor, Tldraw, useTldrawCurrentUser, useValue } from 'tldraw'
import 'tldraw/tldraw.css'
import { loadLocalUser, saveLocalUser } from '../identity.ts'
import { ConnectionBadge } from './ConnectionBadge.tsx'
import { tldrawAssetUrls, tldrawLicenseKey } from './tldrawAssets.ts'
import { createUserSignal, useBoardStore } from './useBoardStore.ts'

declare global {
  interface Window {
    /** The live editor, for debugging from the console and for end-to-end tests. */
    __rooflineEditor?: Editor
  }
}

/** A shared board: the tldraw canvas bound to room `roomId`, under a top bar. */
export function BoardPage({ roomId }: { roomId: string }) {
  const [userSignal] = useState(() => createUserSignal(loadLocalUser()))
  const user = useValue(userSignal)
  const board = useBoardStore(roomId, userSignal)
  const tldrawUser = useTldrawCurrentUser({
    userPreferences: { id: user.id, name: user.name, color: user.color },
    setUserPreferences: (preferences) => {
      const next = {
        id: user.id,
        name: preferences.name ?? user.name,
        color: preferences.color ?? user.color,
      }
      userSignal.set(next)
      saveLocalUser(next)
    },
  })

  const rename = (name: string) => {
    const next = { ...userSignal.get(), name: name.slice(0, 40) }
    userSignal.set(next)
    saveLocalUser(next)
  }

  return (
    <div className="board-page">
      <header className="topbar">
        <a className="brand" href="/">
          Roofline
        </a>
        <span className="board-id" title="Board id">
          Board {roomId}
        </span>
        <CopyLinkButton />
        <span className="spacer" />
        <label className="name-field">
          <span>Your name</span>
          <input
            value={user.name}
            onChange={(event) => rename(event.target.value)}
            maxLength={40}
            aria-label="Your name"
            style={{ borderColor: user.color }}
          />
        </label>
        <ConnectionBadge state={board.connectionState} />
      </header>
      <main className="board-canvas">
        {board.storeWithStatus.status === 'error' ? (
          <div className="board-error" role="alert">
            <h2>This board cannot be shown</h2>
            <p>{board.storeWithStatus.error.message}</p>
          </div>
        ) : (
          <Tldraw
            store={board.storeWithStatus}
            assetUrls={tldrawAssetUrls}
            licenseKey={tldrawLicenseKey}
            user={tldrawUser}
            onMount={(editor) => {
              window.__rooflineEditor = editor
            }}
          />
        )}
      </main>
    </div>
  )
}

/** Copies this board's link, to send to the other participant. */
function CopyLinkButton() {
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="button secondary"
      onClick={() => {
        void navigator.clipboard?.writeText(window.location.href).then(() => {
          setCopied(true)
          setTimeout(() => setCopied(false), 1500)
        })
      }}
    >
      {copied ? 'Link copied' : 'Copy link'}
    </button>
  )
}
