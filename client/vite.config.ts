import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { buildInfo } from './buildPlugins/buildInfo.ts'
import { precompress } from './buildPlugins/precompress.ts'

/** In development the Vite server forwards the API and the board sync to the Roofline server. */
const serverUrl = process.env.ROOFLINE_SERVER_URL ?? 'http://127.0.0.1:5170'

/** Whether a module or file of the build comes from the tldraw package. */
const fromTldraw = (id: string) => /[\\/]node_modules[\\/]tldraw[\\/]/.test(id)

export default defineConfig({
  plugins: [react(), buildInfo(), precompress()],
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
