import { useEffect, useState } from 'react'
import { tldrawLicenceMissing } from './tldrawAssets.ts'
import './licenceNotice.css'

/** Why tldraw will not show the board here: no key in the build, or a key it refused. */
export type LicenceProblem = 'missing' | 'rejected'

/** What tldraw renders in place of its editor once it has hidden it for want of a licence. */
const TLDRAW_LICENCE_GATE = '[data-testid="tl-license-expired"]'

/**
 * The licence problem that keeps tldraw's board from this page, or null. A build without a key
 * served where tldraw needs one is known at once; a key tldraw refuses (another domain,
 * expired) shows only when tldraw hides its editor, five seconds after it mounts.
 */
export function useLicenceProblem(): LicenceProblem | null {
  const [rejected, setRejected] = useState(false)
  useEffect(() => {
    if (tldrawLicenceMissing) return
    const check = () => {
      if (document.querySelector(TLDRAW_LICENCE_GATE)) setRejected(true)
    }
    const observer = new MutationObserver(check)
    observer.observe(document.body, { childList: true, subtree: true })
    check()
    return () => observer.disconnect()
  }, [])
  if (tldrawLicenceMissing) return 'missing'
  return rejected ? 'rejected' : null
}

/**
 * Shown where the board would be when tldraw will not draw it, so that whoever opens the link
 * (and whoever runs the server) learns why instead of facing an empty board.
 */
export function LicenceNotice({ problem }: { problem: LicenceProblem }) {
  const origin = window.location.origin
  return (
    <div className="licence-notice" role="alert" data-testid="licence-notice" data-problem={problem}>
      <h2>The board cannot be shown on this server</h2>
      <p>
        Roofline draws its board with tldraw, which needs a licence key wherever it is served over HTTPS on a
        domain, as it is here ({origin}).{' '}
        {problem === 'missing'
          ? 'This Roofline was built without a key.'
          : 'tldraw refused the key this Roofline was built with (a key for another domain, or one that has expired).'}{' '}
        The rest of the page works, and what was drawn is kept on the server.
      </p>
      <p>
        <strong>For whoever runs this server:</strong> get a key from tldraw (tldraw.dev), rebuild the client
        with it and restart: <code>VITE_TLDRAW_LICENSE_KEY=&lt;key&gt; pnpm build</code>. The README's
        Deployment section says more.
      </p>
    </div>
  )
}
