import type { CalcFieldEntry } from '@roofline/shared'
import type { FieldInfo } from '@roofline/shared/calc'
import { useId, useState } from 'react'
import type { LinkSource } from './calcLinks.ts'
import { changeUnit, convertEntry, UNIT_RULE, type UnitChangeNote, unitChangeNote } from './unitChange.ts'
import { conventionNote, unitFamily, unitOption } from './unitOptions.ts'
import './calcPanel.css'

/** Props of one calculator input. */
export interface FieldRowProps {
  field: FieldInfo
  entry: CalcFieldEntry | undefined
  error: string | undefined
  /** Where the value comes from, when it takes another calculator's result. */
  source?: LinkSource | undefined
  readOnly: boolean
  onChange(entry: CalcFieldEntry): void
  onUnlink(): void
}

/**
 * One input: its label, the text box (or menu, or checkbox), the unit menu beside it with its
 * convention spelt out, and the message when the value is not usable.
 */
export function FieldRow({
  field,
  entry,
  error,
  source,
  readOnly: panelReadOnly,
  onChange,
  onUnlink,
}: FieldRowProps) {
  // A linked input shows its source's figure; it is typed again after "Unlink".
  const readOnly = panelReadOnly || source !== undefined
  const id = useId()
  const family = unitFamily(field.unit)
  const unit = entry?.unit && unitOption(field.unit, entry.unit) ? entry.unit : family.defaultId
  const raw = entry?.raw ?? ''
  const note = raw.trim() ? conventionNote(field.unit, unit) : null
  const describedBy = [error ? `${id}-error` : '', note ? `${id}-note` : ''].filter(Boolean).join(' ')

  // What the last unit change here did; shown until the digits change, with the way back.
  const [changed, setChanged] = useState<UnitChangeNote | null>(null)
  const shownChange = changed && changed.after.raw === raw && changed.after.unit === unit ? changed : null
  const chooseUnit = (next: string) => {
    const after = changeUnit({ raw, unit }, next)
    setChanged(unitChangeNote(field.unit, { raw, unit }, after))
    onChange(after)
  }
  const convertInstead = (note: UnitChangeNote) => {
    setChanged(null)
    onChange(convertEntry(field.unit, note.before, note.after.unit))
  }

  return (
    <div className={`calc-field${error ? ' calc-field-invalid' : ''}`} data-field={field.name}>
      <label htmlFor={id} title={field.description}>
        {field.label}
      </label>
      <div className="calc-field-control">
        <FieldInput
          id={id}
          field={field}
          raw={raw}
          readOnly={readOnly}
          invalid={Boolean(error)}
          describedBy={describedBy}
          onRaw={(next) => onChange({ raw: next, unit })}
        />
        {family.options.length > 1 ? (
          <select
            className="calc-unit"
            aria-label={`${field.label} unit`}
            title={UNIT_RULE}
            data-testid={`calc-unit-${field.name}`}
            value={unit}
            disabled={readOnly}
            onChange={(event) => chooseUnit(event.target.value)}
          >
            {family.options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          family.options[0]?.label && (
            <span className="calc-unit calc-unit-fixed">{family.options[0].label}</span>
          )
        )}
      </div>
      {error && (
        <p className="calc-field-error" id={`${id}-error`} data-testid={`calc-error-${field.name}`}>
          {error}
        </p>
      )}
      {source && (
        <p className="calc-field-note calc-field-link" data-testid={`calc-link-${field.name}`}>
          From {source.calculatorTitle} · {source.outputLabel}
          {source.text ? ` = ${source.text}` : ' (no result yet)'}
          {!panelReadOnly && (
            <>
              {' '}
              <button type="button" onClick={onUnlink}>
                Unlink
              </button>
            </>
          )}
        </p>
      )}
      {shownChange && !readOnly && (
        <p className="calc-field-note calc-unit-change" data-testid={`calc-unit-change-${field.name}`}>
          {shownChange.text}.{' '}
          <button type="button" onClick={() => convertInstead(shownChange)}>
            Convert instead ({convertedText(field, shownChange)})
          </button>
        </p>
      )}
      {note && !error && (
        <p className="calc-field-note" id={`${id}-note`}>
          {note}
        </p>
      )}
    </div>
  )
}

/** The converted reading a unit change could have given, e.g. '0.004 thousand'. */
function convertedText(field: FieldInfo, change: UnitChangeNote): string {
  const converted = convertEntry(field.unit, change.before, change.after.unit)
  return `${converted.raw} ${unitOption(field.unit, converted.unit)?.label ?? ''}`.trim()
}

function FieldInput({
  id,
  field,
  raw,
  readOnly,
  invalid,
  describedBy,
  onRaw,
}: {
  id: string
  field: FieldInfo
  raw: string
  readOnly: boolean
  invalid: boolean
  describedBy: string
  onRaw(raw: string): void
}) {
  const common = {
    id,
    'data-testid': `calc-field-${field.name}`,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy || undefined,
  }
  if (field.kind === 'choice') {
    const value = raw || String(field.default ?? '')
    return (
      <select {...common} value={value} disabled={readOnly} onChange={(e) => onRaw(e.target.value)}>
        {!field.default && <option value="">choose…</option>}
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    )
  }
  if (field.kind === 'flag') {
    const checked = (raw || String(field.default ?? false)) === 'true'
    return (
      <input
        {...common}
        type="checkbox"
        checked={checked}
        disabled={readOnly}
        onChange={(e) => onRaw(String(e.target.checked))}
      />
    )
  }
  const placeholder =
    field.default !== undefined ? `${field.default} (default)` : field.required ? 'required' : 'optional'
  return (
    <input
      {...common}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={raw}
      placeholder={placeholder}
      readOnly={readOnly}
      onChange={(e) => onRaw(e.target.value)}
    />
  )
}
