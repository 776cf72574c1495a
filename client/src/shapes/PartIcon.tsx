import type { ReactNode } from 'react'

/**
 * The kit's icons: drawn here as inline SVG on a 24-unit grid (no font, no fetch), stroked in
 * the current colour so a part's category colours its icon on the canvas and in the palette.
 */
const ICONS: Record<string, ReactNode> = {
  'gpu-node': (
    <>
      <rect x="5" y="5" width="14" height="14" rx="2" />
      <rect x="9" y="9" width="6" height="6" rx="1" />
      <path d="M9 2v3M15 2v3M9 19v3M15 19v3M2 9h3M2 15h3M19 9h3M19 15h3" />
    </>
  ),
  'gpu-cluster': (
    <>
      <rect x="3" y="3" width="8" height="8" rx="1.5" />
      <rect x="13" y="3" width="8" height="8" rx="1.5" />
      <rect x="3" y="13" width="8" height="8" rx="1.5" />
      <rect x="13" y="13" width="8" height="8" rx="1.5" />
      <path d="M6.5 7h1M16.5 7h1M6.5 17h1M16.5 17h1" strokeWidth="2.6" />
    </>
  ),
  'cpu-host': (
    <>
      <rect x="3" y="4" width="18" height="7" rx="1.5" />
      <rect x="3" y="13" width="18" height="7" rx="1.5" />
      <path d="M6.8 7.5h.1M6.8 16.5h.1" strokeWidth="2.6" />
      <path d="M11 7.5h6M11 16.5h6" />
    </>
  ),
  link: (
    <>
      <circle cx="4.5" cy="12" r="2.5" />
      <circle cx="19.5" cy="12" r="2.5" />
      <path d="M7 12h10" />
      <path d="M10 8.5h4M10 15.5h4" />
    </>
  ),
  switch: (
    <>
      <rect x="2.5" y="5.5" width="19" height="13" rx="2" />
      <path d="M7 10h10M14.5 7.8 17 10l-2.5 2.2" />
      <path d="M17 14H7M9.5 11.8 7 14l2.5 2.2" />
    </>
  ),
  region: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c3 3.2 3 14.8 0 18M12 3c-3 3.2-3 14.8 0 18" />
    </>
  ),
  'availability-zone': (
    <>
      <rect x="3" y="3" width="18" height="18" rx="3" strokeDasharray="3 2.4" />
      <path d="M8 16.5V9.5l4-2.2 4 2.2v7M7 16.5h10M11 16.5v-3h2v3" />
    </>
  ),
  'load-balancer': (
    <>
      <circle cx="12" cy="5" r="2.5" />
      <circle cx="5" cy="19" r="2.5" />
      <circle cx="12" cy="19" r="2.5" />
      <circle cx="19" cy="19" r="2.5" />
      <path d="M12 7.5v9M10.8 7.3 6.2 16.7M13.2 7.3l4.6 9.4" />
    </>
  ),
  'api-gateway': (
    <>
      <path d="M4 21V10a8 8 0 0 1 16 0v11" />
      <path d="M2 21h20" />
      <path d="M9 21v-5.5a3 3 0 0 1 6 0V21" />
    </>
  ),
  router: (
    <>
      <path d="M3 12h5l4.5-6H20M12.5 18H20M8 12l4.5 6" />
      <path d="M17 3.5 20 6l-3 2.5M17 15.5l3 2.5-3 2.5" />
    </>
  ),
  'model-server': (
    <>
      <circle cx="5" cy="6" r="2" />
      <circle cx="5" cy="18" r="2" />
      <circle cx="12" cy="12" r="2.4" />
      <circle cx="19" cy="6" r="2" />
      <circle cx="19" cy="18" r="2" />
      <path d="M6.6 7.4l3.6 3M6.6 16.6l3.6-3M13.8 10.4l3.6-3M13.8 13.6l3.6 3" />
    </>
  ),
  'prefill-pool': (
    <>
      <path d="M3 7h12M3 12h12M3 17h12" />
      <path d="M12.5 4.5 15 7l-2.5 2.5M12.5 9.5 15 12l-2.5 2.5M12.5 14.5 15 17l-2.5 2.5" />
      <path d="M19.5 4v16" />
    </>
  ),
  'decode-pool': (
    <>
      <rect x="2" y="8" width="5.5" height="8" rx="1.2" />
      <rect x="9.25" y="8" width="5.5" height="8" rx="1.2" />
      <rect x="16.5" y="8" width="5.5" height="8" rx="1.2" strokeDasharray="2 1.7" />
    </>
  ),
  tokenizer: (
    <>
      <path d="M3 18 7 6l4 12M4.4 14h5.2" />
      <path d="M14 4v16" strokeDasharray="2 2.2" />
      <path d="M17 9h4M17 15h4" />
    </>
  ),
  'kv-cache-tier': (
    <>
      <path d="M12 3 21 7.5 12 12 3 7.5z" />
      <path d="M3 12l9 4.5 9-4.5" />
      <path d="M3 16.5 12 21l9-4.5" />
    </>
  ),
  'embedding-service': (
    <>
      <path d="M4 3v17h17" />
      <path d="M4 20 16 8" />
      <path d="M10.5 8H16v5.5" />
    </>
  ),
  reranker: (
    <>
      <path d="M3 6h10M3 12h8M3 18h6" />
      <path d="M18 4v16M15 7l3-3 3 3M15 17l3 3 3-3" />
    </>
  ),
  'vector-db': (
    <>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="2.5" />
      <path d="M4.5 5.5v13c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5v-13" />
      <path d="M8.5 16l3-3.5 3.5 1.5" />
      <path d="M8.5 16h.1M11.5 12.5h.1M15 14h.1" strokeWidth="2.8" />
    </>
  ),
  'object-store': (
    <>
      <ellipse cx="12" cy="6" rx="8" ry="2.6" />
      <path d="M4 6l1.8 13a2 2 0 0 0 2 1.7h8.4a2 2 0 0 0 2-1.7L20 6" />
      <path d="M5.2 11.5c1.6 1 4 1.5 6.8 1.5s5.2-.5 6.8-1.5" />
    </>
  ),
  'relational-db': (
    <>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="2.5" />
      <path d="M4.5 5.5v13c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5v-13" />
      <path d="M4.5 12c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5" />
    </>
  ),
  'kv-store': (
    <>
      <circle cx="7.5" cy="12" r="4.5" />
      <path d="M12 12h9.5M18.5 12v3.5M21.5 12v2.5" />
    </>
  ),
  queue: (
    <>
      <rect x="2" y="7" width="16" height="10" rx="1.5" />
      <path d="M7.3 7v10M12.7 7v10" />
      <path d="M20 12h2.5M21 9.5l2 2.5-2 2.5" />
    </>
  ),
  'checkpoint-store': (
    <>
      <path d="M5 3h11l4 4v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a1 1 0 0 1 1-1z" />
      <path d="M8 3v5h7V3" />
      <rect x="7.5" y="13" width="9" height="6" rx="1" />
    </>
  ),
  'feature-store': (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M3 9.5h18M3 14.8h18M9 4v16" />
    </>
  ),
  'pipeline-stage': <path d="M3 4h18l-7 8.5V19l-4 2v-8.5z" />,
  users: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20a6.5 6.5 0 0 1 13 0" />
      <circle cx="17" cy="9" r="2.8" />
      <path d="M16.2 14.1A5 5 0 0 1 21.8 19" />
    </>
  ),
  'external-service': <path d="M7 18.5h10.5a4 4 0 0 0 .7-7.94A6 6 0 0 0 6.5 9.6 4.5 4.5 0 0 0 7 18.5z" />,
  invalid: (
    <>
      <path d="M12 3 22 20H2z" />
      <path d="M12 9.5v5M12 17.3h.1" />
    </>
  ),
}

/** Ids that have an icon (every part's id, plus 'invalid'). */
export const iconIds: ReadonlySet<string> = new Set(Object.keys(ICONS))

/** A part's icon, e.g. `<PartIcon id="vector-db" />`; unknown ids get the warning sign. */
export function PartIcon({ id, size = 24 }: { id: string; size?: number }) {
  return (
    <svg
      className="kit-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {ICONS[id] ?? ICONS.invalid}
    </svg>
  )
}
