import { createBoardResponseSchema } from '@roofline/shared'
import { useState } from 'react'
import { CreateSession, useTemplates } from './CreateSession.tsx'

/** The landing page: what Roofline is, and a button that opens a new shared board. */
export function HomePage() {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const templates = useTemplates()

  const createBoard = async () => {
    setBusy(true)
    setError(null)
    try {
      const response = await fetch('/api/boards', { method: 'POST' })
      if (!response.ok) throw new Error(`the server answered ${response.status}`)
      const board = createBoardResponseSchema.parse(await response.json())
      window.location.assign(board.url)
    } catch (caught) {
      setError(`Could not create a board: ${(caught as Error).message}`)
      setBusy(false)
    }
  }

  return (
    <div className="home">
      <header className="home-header">
        <span className="brand">Roofline</span>
      </header>
      <main className="home-main">
        <h1>System-design interviews for AI infrastructure, on one live board</h1>
        <p className="lede">
          Draw GPU clusters and LLM-serving architectures together, do the back-of-envelope math in the open,
          and keep to the 45-minute interview plan.
        </p>
        <CreateSession templates={templates} />
        <div className="scratch">
          <button type="button" className="button secondary" onClick={createBoard} disabled={busy}>
            {busy ? 'Creating…' : 'New board'}
          </button>
          <span className="hint">
            A scratch board at its own link: send it to the other person to draw together.
          </span>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </main>
    </div>
  )
}
