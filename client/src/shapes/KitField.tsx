import { type ReactNode, useId } from 'react'
import './inspector.css'

/**
 * A labelled field of a kit panel: the label names its control through `htmlFor`, and an
 * error is tied to the control with `aria-describedby`. The label never wraps the control:
 * wrapped around a select it would read every option (and the error) into the field's name.
 *
 * @example <KitField label="Precision">{(id) => <select id={id}>…</select>}</KitField>
 */
export function KitField({
  label,
  error,
  title,
  className = '',
  children,
}: {
  label: string
  error?: string | undefined
  title?: string | undefined
  className?: string
  /** The control, given the id its label points at and the id of the error (when shown). */
  children(id: string, errorId: string | undefined): ReactNode
}) {
  const id = useId()
  const errorId = error ? `${id}-error` : undefined
  return (
    <div
      className={`kit-field${className ? ` ${className}` : ''}${error ? ' kit-field--invalid' : ''}`}
      title={title}
    >
      <label className="kit-field__label" htmlFor={id}>
        {label}
      </label>
      {children(id, errorId)}
      {error && (
        <span className="kit-field__error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  )
}
