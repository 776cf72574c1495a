/** The parts of a page's address tldraw looks at (a `URL` or `window.location` has them). */
export interface PageAddress {
  /** `https:`, `http:`, ... */
  protocol: string
  /** As `URL.hostname` gives it: an IPv6 address in brackets. */
  hostname: string
}

/**
 * Whether tldraw treats a page at `address` as a production deployment, where its board needs a
 * licence key: in a production build, tldraw 5 (`LicenseManager.getIsDevelopment`) counts
 * plain http and https on a loopback host as development, and anything else (https on a domain,
 * and any `*.localhost` name) as production, where it hides the editor after 5 s without a
 * valid key.
 *
 * @example tldrawTreatsAsProduction(new URL('https://roofline.example.com')) // true
 */
export function tldrawTreatsAsProduction({ protocol, hostname: name }: PageAddress): boolean {
  const hostname = name.toLowerCase()
  if (hostname.endsWith('.localhost')) return true
  const host = hostname.replace(/^\[|\]$/g, '')
  const loopback = host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
  return !(protocol === 'http:' || (protocol === 'https:' && loopback))
}

/** What the client build writes to `build-info.json`, for the server to check at start. */
export interface ClientBuildInfo {
  /** Whether `VITE_TLDRAW_LICENSE_KEY` was set when the client was built. */
  tldrawLicenceKey: boolean
}

/** The file the client build writes beside index.html. */
export const CLIENT_BUILD_INFO_FILE = 'build-info.json'
