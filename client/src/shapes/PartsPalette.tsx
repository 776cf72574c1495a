import {
  inferenceArchitectureStarter,
  type Part,
  partCategories,
  parts,
  searchParts,
} from '@roofline/shared/shapes'
import { useCallback, useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { type Editor, useEditor, useValue } from 'tldraw'
import { isPanelOpen, setPanelOpen, togglePanel } from '../boardTools/panelLayout.ts'
import { layoutShortcuts, typingInField, useAltShortcut } from '../boardTools/shortcuts.ts'
import { useRoom } from '../room/RoomProvider.tsx'
import { startLink } from './linkArrows.ts'
import { PartIcon } from './PartIcon.tsx'
import { placePart } from './placePart.ts'
import { loadStarterDiagram } from './starterDiagram.ts'
import './kit.css'
import './partsPalette.css'

const SHORTCUT = layoutShortcuts.palette

/** Places a part (or starts a link) where it was asked for. */
function usePlace(editor: Editor) {
  return useCallback(
    (part: Part, screenPoint?: { x: number; y: number }) => {
      if (part.action.kind === 'link') {
        startLink(editor)
        return
      }
      placePart(editor, part, screenPoint ? editor.screenToPage(screenPoint) : undefined)
    },
    [editor],
  )
}

interface Drag {
  part: Part
  x: number
  y: number
}

/**
 * The parts palette, beside the board's menu: parts grouped as compute, network, serving, data,
 * people and places. Click a part to place it in the middle of the view (Link: draw an arrow,
 * or join the two selected shapes), drag it to drop it where you let go, or press `/` to search.
 */
export function PartsPalette() {
  const editor = useEditor()
  const readOnly = useValue('readonly', () => editor.getIsReadonly(), [editor])
  // Remembered per person; a narrow window (a 1024 px laptop) starts closed, the board first.
  const open = useValue('palette open', () => isPanelOpen('palette'), [])
  const [query, setQuery] = useState('')
  const [highlight, setHighlight] = useState(0)
  const [drag, setDrag] = useState<Drag | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const place = usePlace(editor)
  const { starterDiagram: starter, examplesAllowed } = useRoom()

  useAltShortcut(SHORTCUT.code, () => togglePanel('palette'), !readOnly)

  // `/` opens the search from anywhere on the board (tldraw would open cursor chat).
  useEffect(() => {
    if (readOnly) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
      if (typingInField(event.target) || editor.getEditingShapeId()) return
      event.preventDefault()
      event.stopPropagation()
      setPanelOpen('palette', true)
      requestAnimationFrame(() => searchRef.current?.focus())
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [editor, readOnly])

  const startDrag = (event: React.PointerEvent, part: Part) => {
    if (event.button !== 0 || part.action.kind !== 'shape') return
    const origin = { x: event.clientX, y: event.clientY }
    let dragging = false
    const onMove = (move: PointerEvent) => {
      if (!dragging && Math.hypot(move.clientX - origin.x, move.clientY - origin.y) < 6) return
      dragging = true
      setDrag({ part, x: move.clientX, y: move.clientY })
    }
    const onUp = (up: PointerEvent) => {
      window.removeEventListener('pointermove', onMove)
      window.removeEventListener('pointerup', onUp)
      if (!dragging) return
      setDrag(null)
      const under = document.elementFromPoint(up.clientX, up.clientY)
      if (under?.closest('.tl-canvas')) place(part, { x: up.clientX, y: up.clientY })
    }
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', onUp)
  }

  if (readOnly) return null
  if (!open) {
    return (
      <button
        type="button"
        className="kit-palette-toggle"
        aria-expanded={false}
        aria-keyshortcuts={SHORTCUT.label}
        title={`Show the parts palette (${SHORTCUT.label})`}
        onClick={() => setPanelOpen('palette', true)}
      >
        <PartIcon id="gpu-cluster" size={16} /> Parts
      </button>
    )
  }

  const results = query.trim() ? searchParts(query) : null
  const tile = (part: Part, active = false) => (
    <button
      key={part.id}
      type="button"
      className={`kit-tile kit-cat-${part.category}${active ? ' kit-tile--active' : ''}`}
      title={part.action.kind === 'link' ? 'Link: draw an arrow, or join the two selected shapes' : part.name}
      aria-label={part.name}
      data-part={part.id}
      onPointerDown={(event) => startDrag(event, part)}
      onClick={() => place(part)}
    >
      <span className="kit-tile__icon">
        <PartIcon id={part.id} size={20} />
      </span>
      <span className="kit-tile__name">{part.name}</span>
    </button>
  )

  return (
    <section className="kit-palette" aria-label="Parts" data-testid="parts-palette">
      <header className="kit-palette__header">
        <h2>Parts</h2>
        <button
          type="button"
          className="kit-icon-button"
          aria-label="Hide parts"
          aria-keyshortcuts={SHORTCUT.label}
          title={`Hide parts (${SHORTCUT.label})`}
          onClick={() => setPanelOpen('palette', false)}
        >
          ×
        </button>
      </header>
      <div className="kit-palette__search">
        <input
          ref={searchRef}
          type="search"
          placeholder="Search parts"
          aria-label="Search parts"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
            setHighlight(0)
          }}
          onKeyDown={(event) => {
            const count = results?.length ?? 0
            if (event.key === 'ArrowDown') setHighlight((h) => Math.min(h + 1, Math.max(count - 1, 0)))
            else if (event.key === 'ArrowUp') setHighlight((h) => Math.max(h - 1, 0))
            else if (event.key === 'Enter') {
              const part = results?.[highlight]
              if (part) {
                place(part)
                setQuery('')
                event.currentTarget.blur()
                editor.focus()
              }
            } else if (event.key === 'Escape') {
              setQuery('')
              event.currentTarget.blur()
              editor.focus()
            } else return
            event.preventDefault()
          }}
        />
        <kbd title="Press / to search">/</kbd>
      </div>
      <div className="kit-palette__body">
        {results ? (
          results.length > 0 ? (
            <div className="kit-palette__grid">
              {results.map((part, index) => tile(part, index === highlight))}
            </div>
          ) : (
            <p className="kit-palette__empty">No part matches “{query.trim()}”.</p>
          )
        ) : (
          partCategories.map((category) => (
            <div key={category.id} className="kit-palette__group">
              <h3>{category.name}</h3>
              <div className="kit-palette__grid">
                {parts.filter((part) => part.category === category.id).map((part) => tile(part))}
              </div>
            </div>
          ))
        )}
      </div>
      {(examplesAllowed || (starter && starter.length > 0)) && (
        <footer className="kit-palette__footer">
          {starter && starter.length > 0 && (
            <button
              type="button"
              className="kit-text-button kit-text-button--primary"
              onClick={() => loadStarterDiagram(editor, starter)}
            >
              Load the template's starter diagram
            </button>
          )}
          {examplesAllowed && (
            <button
              type="button"
              className="kit-text-button"
              title="Users, load balancer, router, prefill and decode pools on H100 nodes, KV cache, object store"
              onClick={() =>
                loadStarterDiagram(editor, inferenceArchitectureStarter, { example: 'disaggregated-serving' })
              }
            >
              Insert example: disaggregated serving
            </button>
          )}
        </footer>
      )}
      {drag &&
        createPortal(
          <div
            className={`kit-drag-ghost kit-cat-${drag.part.category}`}
            style={{ left: drag.x, top: drag.y }}
          >
            <PartIcon id={drag.part.id} size={18} /> {drag.part.name}
          </div>,
          document.body,
        )}
    </section>
  )
}
