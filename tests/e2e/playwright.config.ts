import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const port = Number(process.env.ROOFLINE_E2E_PORT ?? 5181)

// Every run starts on an empty data directory: the tests never see an earlier run's boards.
const dataDir = process.env.ROOFLINE_E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'roofline-e2e-'))
process.env.ROOFLINE_E2E_DATA_DIR = dataDir

export default defineConfig({
  testDir: here,
  // One results folder per port, so parallel runs never clean each other's traces away.
  outputDir: path.join(here, `artifacts/results-${port}`),
  timeout: 60_000,
  // Pages load their code after navigation (one chunk a page; the board's is tldraw, ~2 MB,
  // about 3 s to a usable page on a quiet 2-core machine), so a first wait allows for a busy one.
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `node ${path.join(repoRoot, 'server/src/main.ts')}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      ROOFLINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Every spec creates its sessions and boards from this one address; the hourly allowance
      // is for strangers (tests/integration/quotas.test.ts holds it to its default).
      ROOFLINE_CREATIONS_PER_HOUR: '10000',
      // Parallel work can test its own build: ROOFLINE_CLIENT_DIR=/tmp/dist-x ROOFLINE_E2E_PORT=5190.
      ...(process.env.ROOFLINE_CLIENT_DIR ? { ROOFLINE_CLIENT_DIR: process.env.ROOFLINE_CLIENT_DIR } : {}),
    },
  },
})
