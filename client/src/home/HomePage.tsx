import { createBoardResponseSchema } from '@roofline/shared'
import { useState } from 'react'

/** The landing page: what Roofline is, and a button that opens a new shared board. */
export function HomePage() {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

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
        <button type="button" className="button primary" onClick={createBoard} disabled={busy}>
          {busy ? 'Creating…' : 'New board'}
        </button>
        <p className="hint">
          A new board opens at its own link. Send the link to the other person to draw together.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </main>
    </div>
  )
}
