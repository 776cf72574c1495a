import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { startTlsTerminator, type TlsTerminator } from '../support/tlsTerminator.ts'
import { type Browser, chromium, expect, type Page, test } from './fixtures.ts'

/**
 * A deployment as tldraw sees it: the built client served over HTTPS on a domain (a TLS front
 * with a self-signed certificate, the name mapped to loopback in the browser). There tldraw
 * hides its editor five seconds after it mounts unless the build carries a valid licence key;
 * Roofline must say so instead of showing an empty board, and its server must warn at start.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const artifacts = path.join(here, 'artifacts', 'licence')
mkdirSync(artifacts, { recursive: true })
const HOST = 'roofline.example'
/** tldraw hides its editor this long after it mounts (`LICENSE_TIMEOUT`), and a margin. */
const PAST_TLDRAW_GATE_MS = 7000

test.describe.configure({ timeout: 240_000 })

/** A Roofline process behind a TLS front at https://roofline.example:<port>. */
async function deploy(env: Record<string, string> = {}) {
  let serverPort = 0
  const front: TlsTerminator = await startTlsTerminator(HOST, () => serverPort)
  const publicUrl = `https://${HOST}:${front.port}`
  const dataDir = makeDataDir()
  // Parallel work may test its own build (ROOFLINE_CLIENT_DIR), as the configured server does.
  const clientDir: Record<string, string> = process.env.ROOFLINE_CLIENT_DIR
    ? { ROOFLINE_CLIENT_DIR: process.env.ROOFLINE_CLIENT_DIR }
    : {}
  const server: ServerProcess = await startServerProcess(dataDir, {
    ROOFLINE_PUBLIC_URL: publicUrl,
    ...clientDir,
    ...env,
  })
  serverPort = Number(new URL(server.url).port)
  return {
    server,
    publicUrl,
    async stop() {
      await server.stop()
      await front.close()
      removeDataDir(dataDir)
    },
  }
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  })
}

async function createSession(server: ServerProcess) {
  const response = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      templateId: 'llm-70b-cost-reduction',
      names: { interviewer: 'Ana', candidate: 'Ben' },
    }),
  })
  expect(response.status).toBe(201)
  return ((await response.json()) as { links: Record<string, string> }).links
}

/** The notice stands where the board would be, still after tldraw would have hidden its editor. */
async function expectLicenceNotice(page: Page, problem: 'missing' | 'rejected', shot: string) {
  const notice = page.getByTestId('licence-notice')
  await expect(notice).toBeVisible({ timeout: 30_000 })
  await expect(notice).toHaveAttribute('data-problem', problem)
  await expect(notice).toContainText('VITE_TLDRAW_LICENSE_KEY')
  await page.waitForTimeout(PAST_TLDRAW_GATE_MS)
  await expect(notice).toBeVisible()
  await page.screenshot({ path: path.join(artifacts, `${shot}.png`) })
}

test('a build without a licence key, served over HTTPS on a domain, says so instead of a blank board', async () => {
  const deployment = await deploy()
  const browser = await launch()
  try {
    const warning = deployment.server.logs().find((line) => line.reason === 'tldraw-licence-missing')
    expect(warning?.level).toBe(40)
    expect(warning?.msg).toContain('VITE_TLDRAW_LICENSE_KEY')

    const links = await createSession(deployment.server)
    expect(links.candidate).toMatch(new RegExp(`^${deployment.publicUrl}/s/`))
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1440, height: 900 },
    })
    const candidate = await context.newPage()
    await candidate.goto(links.candidate ?? '')
    // The rest of the session works: the seat, the prompt and the live connection.
    await expect(candidate.getByTestId('role')).toContainText('candidate', { timeout: 30_000 })
    await expect(candidate.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected')
    await expectLicenceNotice(candidate, 'missing', 'session-https')

    const replay = await context.newPage()
    await replay.goto((links.interviewer ?? '').replace('/s/', '/replay/'))
    await expect(replay.getByTestId('scrubber')).toBeVisible({ timeout: 30_000 })
    await expectLicenceNotice(replay, 'missing', 'replay-https')

    // Any *.localhost name counts as production for tldraw too, even over plain http.
    const local = await context.newPage()
    await local.goto(`http://roofline.localhost:${new URL(deployment.server.url).port}/b/licence-check`)
    await expectLicenceNotice(local, 'missing', 'board-localhost')
  } finally {
    await browser.close()
    await deployment.stop()
  }
})

test('a key tldraw refuses on this domain is explained once tldraw hides its board', async () => {
  const clientDir = mkdtempSync(path.join(tmpdir(), 'roofline-keyed-client-'))
  // A build with a key that is not a tldraw licence: the server cannot tell, tldraw refuses it.
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'client/node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      clientDir,
      '--emptyOutDir',
    ],
    {
      cwd: path.join(repoRoot, 'client'),
      env: { ...process.env, VITE_TLDRAW_LICENSE_KEY: 'not-a-tldraw-key' },
      stdio: 'ignore',
    },
  )
  const deployment = await deploy({ ROOFLINE_CLIENT_DIR: clientDir })
  const browser = await launch()
  try {
    expect(deployment.server.logs().filter((line) => line.reason === 'tldraw-licence-missing')).toEqual([])
    const context = await browser.newContext({ ignoreHTTPSErrors: true })
    const page = await context.newPage()
    await page.goto(`${deployment.publicUrl}/b/licence-key-check`)
    // tldraw first mounts its editor, then hides it: the notice takes its place.
    await page.waitForFunction(() => Boolean(window.__rooflineEditor), undefined, { timeout: 30_000 })
    await expectLicenceNotice(page, 'rejected', 'board-rejected-key')
  } finally {
    await browser.close()
    await deployment.stop()
    rmSync(clientDir, { recursive: true, force: true })
  }
})
