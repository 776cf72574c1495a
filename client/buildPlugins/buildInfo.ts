import { CLIENT_BUILD_INFO_FILE, type ClientBuildInfo } from '@roofline/shared'
import type { Plugin } from 'vite'

/**
 * Writes `build-info.json` beside index.html: what the server needs to know about the build it
 * serves, read at start (a build without a tldraw licence key, served on a domain over HTTPS,
 * shows no board, so the server warns).
 */
export function buildInfo(): Plugin {
  let info: ClientBuildInfo = { tldrawLicenceKey: false }
  return {
    name: 'roofline-build-info',
    apply: 'build',
    configResolved(config) {
      // config.env holds the VITE_ variables the build inlines (environment and .env files).
      info = { tldrawLicenceKey: Boolean(config.env.VITE_TLDRAW_LICENSE_KEY) }
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: CLIENT_BUILD_INFO_FILE, source: `${JSON.stringify(info)}\n` })
    },
  }
}
