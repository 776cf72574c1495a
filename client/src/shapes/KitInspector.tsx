import {
  type Choice,
  checkProps,
  type InspectorField,
  kitShapeSpec,
  linkChoices,
  linkLabel,
  readLinkMeta,
} from '@roofline/shared/shapes'
import { useState } from 'react'
import { type Editor, type TLArrowShape, type TLShape, useEditor } from 'tldraw'
import { categoryOf, iconOf } from './KitCard.tsx'
import { KitField } from './KitField.tsx'
import type { KitShape } from './kitShapeTypes.ts'
import { lastLinkType } from './linkArrows.ts'
import { PartIcon } from './PartIcon.tsx'
import { linkLabelProps } from './placePart.ts'
import './kit.css'
import './inspector.css'

/** Which field an issue from `checkProps` is about ("GPUs per node: must be ..."). */
function issueFor(field: InspectorField, issues: readonly string[]): string | undefined {
  return issues.find((issue) => issue.startsWith(`${field.label}:`))?.slice(field.label.length + 2)
}

/** A whole-number input that lets a half-typed value ("", "-") stand until it parses. */
function IntegerInput({
  id,
  describedBy,
  value,
  field,
  disabled,
  invalid,
  onValue,
}: {
  id: string
  describedBy: string | undefined
  value: unknown
  field: Extract<InspectorField, { input: 'integer' }>
  disabled: boolean
  invalid: boolean
  onValue(value: number): void
}) {
  const [draft, setDraft] = useState<string | null>(null)
  return (
    <input
      id={id}
      aria-describedby={describedBy}
      type="number"
      inputMode="numeric"
      step={1}
      min={field.min}
      max={field.max}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      value={draft ?? (typeof value === 'number' ? String(value) : String(value ?? ''))}
      onChange={(event) => {
        const text = event.currentTarget.value
        setDraft(text)
        const parsed = Number(text)
        if (text.trim() !== '' && Number.isFinite(parsed)) onValue(parsed)
      }}
      onBlur={() => setDraft(null)}
    />
  )
}

/** A select that also shows a value outside its options (an unknown preset from someone else). */
function ChoiceSelect({
  id,
  describedBy,
  value,
  options,
  disabled,
  invalid,
  onValue,
  extra,
}: {
  id: string
  describedBy: string | undefined
  value: string
  options: readonly Choice[]
  disabled: boolean
  invalid: boolean
  onValue(value: string): void
  extra?: Choice
}) {
  const known = options.some((o) => o.value === value) || extra?.value === value
  return (
    <select
      id={id}
      aria-describedby={describedBy}
      value={value}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      onChange={(event) => onValue(event.currentTarget.value)}
    >
      {extra && <option value={extra.value}>{extra.label}</option>}
      {!known && <option value={value}>Unknown: {value}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  )
}

/** The inspector of one kit shape: its fields, from the shape's spec in shared. */
function ShapeInspector({ editor, shape, readOnly }: { editor: Editor; shape: KitShape; readOnly: boolean }) {
  const spec = kitShapeSpec(shape.type)
  if (!spec) return null
  const props = shape.props as Record<string, unknown>
  const check = checkProps(spec, props)
  const issues = check.ok ? [] : check.issues
  const set = (key: string, value: unknown) =>
    editor.updateShape({ id: shape.id, type: shape.type, props: { [key]: value } } as Parameters<
      Editor['updateShape']
    >[0])
  // Named after its kind when it has kinds, else after its (one) part.
  const kindName = spec.fields.find((f) => f.key === 'kind')
  const heading =
    kindName?.input === 'choice'
      ? (kindName.options.find((o) => o.value === props.kind)?.label ?? 'Component')
      : spec.parts[0]?.name
  return (
    <section
      className={`kit-panel kit-cat-${categoryOf(shape)}`}
      aria-label="Inspector"
      data-testid="inspector"
    >
      <header className="kit-panel__header">
        <span className="kit-panel__icon">
          <PartIcon id={iconOf(shape)} size={18} />
        </span>
        <h2>{heading}</h2>
        {!check.ok && (
          <span className="kit-panel__invalid" data-testid="inspector-invalid">
            Invalid
          </span>
        )}
      </header>
      <div className="kit-panel__fields">
        {spec.fields.map((field) => {
          const error = issueFor(field, issues)
          const value = props[field.key]
          let control: (id: string, errorId: string | undefined) => React.ReactNode
          if (field.input === 'integer') {
            control = (id, errorId) => (
              <IntegerInput
                id={id}
                describedBy={errorId}
                value={value}
                field={field}
                disabled={readOnly}
                invalid={Boolean(error)}
                onValue={(n) => set(field.key, n)}
              />
            )
          } else if (field.input === 'choice') {
            control = (id, errorId) => (
              <ChoiceSelect
                id={id}
                describedBy={errorId}
                value={String(value)}
                options={field.options}
                disabled={readOnly}
                invalid={Boolean(error)}
                onValue={(v) => set(field.key, v)}
              />
            )
          } else {
            control = (id, errorId) => (
              <input
                id={id}
                aria-describedby={errorId}
                type="text"
                value={String(value ?? '')}
                maxLength={field.maxLength}
                placeholder={field.placeholder}
                disabled={readOnly}
                aria-invalid={Boolean(error) || undefined}
                onChange={(event) => set(field.key, event.currentTarget.value)}
              />
            )
          }
          return (
            <KitField key={field.key} label={field.label} error={error}>
              {control}
            </KitField>
          )
        })}
      </div>
    </section>
  )
}

const PLAIN_ARROW: Choice = { value: '', label: 'Plain arrow (not a link)' }

/** The inspector of an arrow: make it a link of a preset type, with parallel links and its label. */
function LinkInspector({
  editor,
  arrow,
  readOnly,
}: {
  editor: Editor
  arrow: TLArrowShape
  readOnly: boolean
}) {
  const reading = readLinkMeta(arrow.meta)
  const linkType = typeof arrow.meta.linkType === 'string' ? arrow.meta.linkType : ''
  const linkCount = typeof arrow.meta.linkCount === 'number' ? arrow.meta.linkCount : 1
  const update = (nextType: string, nextCount: number) => {
    if (!nextType) {
      const { linkType: _type, linkCount: _count, ...meta } = arrow.meta
      editor.updateShape<TLArrowShape>({ id: arrow.id, type: 'arrow', meta })
      return
    }
    lastLinkType.set(nextType)
    editor.updateShape<TLArrowShape>({
      id: arrow.id,
      type: 'arrow',
      meta: { ...arrow.meta, linkType: nextType, linkCount: nextCount },
      props: linkLabelProps(nextType, nextCount),
    })
  }
  const issues = reading.kind === 'invalid' ? reading.issues : []
  return (
    <section className="kit-panel kit-cat-network" aria-label="Link" data-testid="link-inspector">
      <header className="kit-panel__header">
        <span className="kit-panel__icon">
          <PartIcon id="link" size={18} />
        </span>
        <h2>Link</h2>
        {reading.kind === 'invalid' && <span className="kit-panel__invalid">Invalid</span>}
      </header>
      <div className="kit-panel__fields">
        <KitField label="Link type" error={issues.find((i) => i.startsWith('Link type'))?.slice(11)}>
          {(id, errorId) => (
            <ChoiceSelect
              id={id}
              describedBy={errorId}
              value={linkType}
              options={linkChoices}
              extra={PLAIN_ARROW}
              disabled={readOnly}
              invalid={issues.length > 0}
              onValue={(v) => update(v, linkCount)}
            />
          )}
        </KitField>
        {linkType && (
          <KitField label="Parallel links" error={issues.find((i) => i.startsWith('Links'))?.slice(7)}>
            {(id, errorId) => (
              <IntegerInput
                id={id}
                describedBy={errorId}
                value={linkCount}
                field={{ key: 'linkCount', label: 'Parallel links', input: 'integer', min: 1, max: 1024 }}
                disabled={readOnly}
                invalid={false}
                onValue={(n) => update(linkType, n)}
              />
            )}
          </KitField>
        )}
        {reading.kind === 'link' && (
          <p className="kit-panel__note">{linkLabel(reading.linkType, reading.linkCount)} per direction</p>
        )}
      </div>
    </section>
  )
}

/** The inspector for the one selected shape, when it is a kit shape or an arrow. */
export function KitInspector({ shape, readOnly }: { shape: TLShape; readOnly: boolean }) {
  const editor = useEditor()
  if (shape.type === 'arrow')
    return <LinkInspector editor={editor} arrow={shape as TLArrowShape} readOnly={readOnly} />
  if (!kitShapeSpec(shape.type)) return null
  return <ShapeInspector editor={editor} shape={shape as KitShape} readOnly={readOnly} />
}
