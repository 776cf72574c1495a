import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { buildInfo } from './buildPlugins/buildInfo.ts'
import { pagePreloadsPlugin } from './buildPlugins/pagePreloads.ts'
import { precompress } from './buildPlugins/precompress.ts'

/** In development the Vite server forwards the API and the board sync to the Roofline server. */
const serverUrl = process.env.ROOFLINE_SERVER_URL ?? 'http://127.0.0.1:5170'

/** Whether a module or file of the build comes from the tldraw package. */
const fromTldraw = (id: string) => /[\\/]node_modules[\\/]tldraw[\\/]/.test(id)

/**
 * The faces a board of kit cards waits for before tldraw draws it (IBM Plex Sans, medium and
 * bold): a session's board holds the template's cards from the start.
 */
const BOARD_FONTS = /^IBMPlexSans-(Medium|Bold)-[\w-]+\.woff2$/

/** What `main.tsx` loads for a board or session link to open its sockets while the page loads. */
const EARLY_CONNECTIONS = 'src/net/earlyConnections.ts'

/**
 * The pages `main.tsx` loads lazily that wait on tldraw, by the name the server knows them by:
 * each gets its own copy of index.html that preloads what the page needs at once (see
 * buildPlugins/pagePreloads.ts); the server answers the other routes with index.html. The
 * start page, the library and the report get none: their chunks are small and one round trip
 * behind the entry, and preloading them took bandwidth from the entry script without moving
 * the start page's time to its template list (waterfall, 2 pairs: 656, 653 → 672, 695 ms).
 */
const PAGES = {
  // A scratch board usually opens empty, and an empty board needs no font: none preloaded.
  board: { module: 'src/board/BoardPage.tsx', alsoModules: [EARLY_CONNECTIONS] },
  session: { module: 'src/session/SessionPage.tsx', alsoModules: [EARLY_CONNECTIONS], fonts: BOARD_FONTS },
  // A replay opens at its start, on an empty board: its fonts are fetched when shapes appear.
  replay: { module: 'src/replay/ReplayPage.tsx' },
}

export default defineConfig({
  plugins: [react(), buildInfo(), pagePreloadsPlugin(PAGES), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/yjs': { target: serverUrl.replace(/^http/, 'ws'), ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      output: {
        // The script chunk the board pages share is mostly tldraw: named so, not after whichever
        // of our modules the bundler picks, so a network log says what the 2.5 MB are.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some(fromTldraw) ? 'assets/tldraw-[hash].js' : 'assets/[name]-[hash].js',
      },
    },
  },
})
