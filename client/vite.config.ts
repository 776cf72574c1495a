import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { buildInfo } from './buildPlugins/buildInfo.ts'
import { precompress } from './buildPlugins/precompress.ts'

/** In development the Vite server forwards the API and the board sync to the Roofline server. */
const serverUrl = process.env.ROOFLINE_SERVER_URL ?? 'http://127.0.0.1:5170'

export default defineConfig({
  plugins: [react(), buildInfo(), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/yjs': { target: serverUrl.replace(/^http/, 'ws'), ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
})
