import { useState } from 'react'

/** A button that copies `text()` to the clipboard and says so for a moment. */
export function CopyButton({ text, label }: { text: () => string; label: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="button secondary"
      onClick={() => {
        void navigator.clipboard
          ?.writeText(text())
          .then(() => {
            setCopied(true)
            setTimeout(() => setCopied(false), 1500)
          })
          .catch(() => {})
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  )
}
