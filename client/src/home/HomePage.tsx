import type { TemplateSummary } from '@roofline/shared'
import { useEffect, useState } from 'react'
import { createBoard, listTemplates } from '../net/api.ts'
import { CreateSession } from './CreateSession.tsx'
import { TemplateBrowser } from './TemplateBrowser.tsx'
import './home.css'

/** The default prompt, preselected so that one click on "Create session" starts an interview. */
const DEFAULT_TEMPLATE = 'llm-inference-10k-qps'

/**
 * The start page: what Roofline is, the template browser, the form that creates a session
 * from the chosen prompt, and a scratch board.
 */
export function HomePage() {
  const [templates, setTemplates] = useState<TemplateSummary[]>([])
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    listTemplates().then(
      (list) => {
        setTemplates(list)
        setSelectedId(
          (current) => current ?? (list.find((t) => t.id === DEFAULT_TEMPLATE) ?? list[0])?.id ?? null,
        )
      },
      (caught: unknown) => setError(`Could not load the prompts: ${(caught as Error).message}`),
    )
  }, [])

  const openScratchBoard = async () => {
    setBusy(true)
    try {
      window.location.assign((await createBoard()).url)
    } catch (caught) {
      setError(`Could not create a board: ${(caught as Error).message}`)
      setBusy(false)
    }
  }

  return (
    <div className="home">
      <header className="home-header">
        {/* The space keeps the header's text two words apart ("Roofline Past sessions") for
            anything that reads it as text; the layout spaces them on screen. */}
        <span className="brand">Roofline</span>{' '}
        <a className="home-library-link" href="/library">
          Past sessions
        </a>
      </header>
      <main className="home-main wide">
        <h1>System-design interviews for AI infrastructure, on one live board</h1>
        <p className="lede">
          Draw GPU clusters and LLM-serving architectures together, do the back-of-envelope math in the open,
          and keep to the 45-minute interview plan.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="home-grid">
          <TemplateBrowser
            templates={templates}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onImported={(template) => {
              setTemplates((list) => [...list, template].sort((a, b) => a.title.localeCompare(b.title)))
              setSelectedId(template.id)
            }}
            onDeleted={(id) => {
              setTemplates((list) => list.filter((t) => t.id !== id))
              setSelectedId(DEFAULT_TEMPLATE)
            }}
          />
          <div>
            <CreateSession template={templates.find((t) => t.id === selectedId) ?? null} />
            <div className="scratch">
              <button type="button" className="button secondary" onClick={openScratchBoard} disabled={busy}>
                {busy ? 'Creating…' : 'New board'}
              </button>
              <span className="hint">A scratch board at its own link, without a session.</span>
            </div>
          </div>
        </div>
      </main>
    </div>
  )
}
