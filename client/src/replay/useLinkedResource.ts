import { tokenFromHash } from '@roofline/shared'
import { useEffect, useMemo, useState } from 'react'

/** What a page opened by a link with `#token=` has fetched so far. */
export type LinkedResource<T> =
  | { kind: 'no-token' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; value: T; token: string }

/**
 * Fetches what a `/<page>/<id>#token=...` link opens (a recording's outline, a report) with the
 * token from the URL's fragment, which never reaches a server log.
 *
 * @example const outline = useLinkedResource(sessionId, fetchRecordingOutline)
 */
export function useLinkedResource<T>(
  sessionId: string,
  fetcher: (sessionId: string, token: string) => Promise<T>,
): LinkedResource<T> {
  const token = useMemo(() => tokenFromHash(window.location.hash), [])
  const [state, setState] = useState<LinkedResource<T>>({ kind: 'loading' })
  useEffect(() => {
    if (!token) return
    let cancelled = false
    fetcher(sessionId, token).then(
      (value) => !cancelled && setState({ kind: 'ready', value, token }),
      (error: unknown) => !cancelled && setState({ kind: 'error', message: (error as Error).message }),
    )
    return () => {
      cancelled = true
    }
  }, [sessionId, token, fetcher])
  return token ? state : { kind: 'no-token' }
}
