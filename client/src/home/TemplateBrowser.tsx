import type { TemplateSummary } from '@roofline/shared'
import { templateLenses, templateLevels, templateTags } from '@roofline/shared'
import { useMemo, useRef, useState } from 'react'
import {
  ApiError,
  deleteTemplate,
  downloadTemplate,
  holdsTemplateRights,
  importTemplate,
} from '../net/api.ts'
import { filterTemplates, type TemplateQuery } from './templateFilter.ts'
import './home.css'

/**
 * The template browser: search, filter by tag, level and lens, preview, pick one for the new
 * session; import a template file (validated by the server, errors name the field), export
 * it again and delete it (from the browser that imported it).
 */
export function TemplateBrowser({
  templates,
  selectedId,
  onSelect,
  onImported,
  onDeleted,
}: {
  templates: TemplateSummary[]
  selectedId: string | null
  onSelect(id: string): void
  onImported(template: TemplateSummary): void
  onDeleted(id: string): void
}) {
  const [query, setQuery] = useState<TemplateQuery>({ text: '', tag: '', level: '', lens: '' })
  const shown = useMemo(() => filterTemplates(templates, query), [templates, query])
  const selected = templates.find((t) => t.id === selectedId) ?? null

  return (
    <section className="card browser" aria-label="Template browser">
      <div className="browser-head">
        <h2>Prompts</h2>
        <ImportButton onImported={onImported} />
      </div>
      <div className="browser-filters">
        <input
          type="search"
          placeholder="Search prompts (e.g. inference)"
          aria-label="Search prompts"
          value={query.text}
          onChange={(event) => setQuery({ ...query, text: event.target.value })}
        />
        <select
          aria-label="Level"
          value={query.level}
          onChange={(e) => setQuery({ ...query, level: e.target.value })}
        >
          <option value="">Any level</option>
          {templateLevels.map((level) => (
            <option key={level}>{level}</option>
          ))}
        </select>
        <select
          aria-label="Lens"
          value={query.lens}
          onChange={(e) => setQuery({ ...query, lens: e.target.value })}
        >
          <option value="">Any lens</option>
          {templateLenses.map((lens) => (
            <option key={lens}>{lens}</option>
          ))}
        </select>
      </div>
      <fieldset className="tag-chips" aria-label="Tags">
        {templateTags.map((tag) => (
          <button
            key={tag}
            type="button"
            aria-pressed={query.tag === tag}
            onClick={() => setQuery({ ...query, tag: query.tag === tag ? '' : tag })}
          >
            {tag}
          </button>
        ))}
      </fieldset>
      <div className="browser-body">
        <ul className="template-list" aria-label="Templates">
          {shown.map((template) => (
            <li key={template.id}>
              <button
                type="button"
                className={template.id === selectedId ? 'selected' : ''}
                aria-pressed={template.id === selectedId}
                onClick={() => onSelect(template.id)}
              >
                <span className="template-title">{template.title}</span>
                <span className="template-meta">
                  {template.level} · {template.tags.join(', ')}
                  {template.custom && <span className="custom-tag">imported</span>}
                </span>
              </button>
            </li>
          ))}
          {shown.length === 0 && (
            <li className="empty">No prompt matches. Clear a filter or search for less.</li>
          )}
        </ul>
        {selected && <TemplatePreview template={selected} onDeleted={onDeleted} />}
      </div>
    </section>
  )
}

function TemplatePreview({
  template,
  onDeleted,
}: {
  template: TemplateSummary
  onDeleted(id: string): void
}) {
  const [error, setError] = useState<string | null>(null)
  const report = (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught))
  return (
    <article className="template-preview" aria-label="Preview" data-testid="template-preview">
      <h3>{template.title}</h3>
      <p className="preview-prompt">{template.prompt}</p>
      <p className="preview-meta">
        {template.level} · {template.lens} · {template.tags.join(', ')}
      </p>
      <ol className="preview-phases">
        {template.phases.map((phase) => (
          <li key={phase.id}>
            {phase.title} <span>{phase.minutes} min</span>
          </li>
        ))}
      </ol>
      <p className="preview-meta">
        {template.counts.clarifyingQuestions} hidden constraints · {template.counts.cards} cards ·{' '}
        {template.counts.rubric} rubric criteria (seen by the interviewer only)
      </p>
      <p className="preview-meta">From: {template.sources.join('; ')}</p>
      {holdsTemplateRights(template.id) ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => void downloadTemplate(template.id).then(() => setError(null), report)}
        >
          Export file
        </button>
      ) : (
        <p className="preview-meta" data-testid="export-hint">
          The file holds the hidden material: only the browser that imported it (or one with this server's
          access secret) exports it.
        </p>
      )}
      {template.custom && holdsTemplateRights(template.id) && (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            if (
              !window.confirm(
                `Delete the imported template "${template.title}"? Sessions on it keep their copy.`,
              )
            )
              return
            void deleteTemplate(template.id).then(() => onDeleted(template.id), report)
          }}
        >
          Delete template
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </article>
  )
}

function ImportButton({ onImported }: { onImported(template: TemplateSummary): void }) {
  const input = useRef<HTMLInputElement>(null)
  const [problem, setProblem] = useState<{ message: string; issues: string[] } | null>(null)
  const onFile = async (file: File | undefined) => {
    if (!file) return
    if (file.size > 256 * 1024) {
      setProblem({ message: 'This file is larger than 256 KB; a template is a few KB.', issues: [] })
      return
    }
    try {
      onImported(await importTemplate(await file.text()))
      setProblem(null)
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : []
      setProblem({ message: (error as Error).message, issues })
    } finally {
      if (input.current) input.current.value = ''
    }
  }
  return (
    <div className="import">
      <button type="button" className="button secondary" onClick={() => input.current?.click()}>
        Import template…
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Template file"
        onChange={(event) => void onFile(event.target.files?.[0])}
      />
      {problem && (
        <div className="error import-problem" role="alert">
          <strong>{problem.message}</strong>
          {problem.issues.length > 0 && (
            <ul>
              {problem.issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
