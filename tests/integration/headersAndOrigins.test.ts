import { io } from 'socket.io-client'
import { afterEach, describe, expect, it } from 'vitest'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { upgradeStatus } from '../support/upgradeStatus.ts'

/** Whether a socket.io control connection with `origin` gets through the handshake. */
function controlConnects(url: string, sessionId: string, token: string, origin?: string): Promise<boolean> {
  const socket = io(url, {
    path: '/socket.io',
    auth: { sessionId, token },
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: origin ? { origin } : {},
  })
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close()
      resolve(true)
    })
    socket.once('connect_error', () => {
      socket.close()
      resolve(false)
    })
  })
}

describe('security headers and origins', () => {
  let server: ServerProcess
  let dataDir: string
  async function start(env: Record<string, string> = {}) {
    dataDir = makeDataDir()
    server = await startServerProcess(dataDir, env)
  }
  afterEach(async () => {
    await server.stop()
    removeDataDir(dataDir)
  })

  it('sends CSP, nosniff, frame-ancestors and Referrer-Policy; no HSTS on plain http; embeds framed from nowhere', async () => {
    await start()
    for (const path of ['/', '/api/health', '/library']) {
      const response = await fetch(`${server.url}${path}`)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("default-src 'self'")
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(csp, path).toContain("frame-src 'none'")
      expect(csp, path).not.toContain('upgrade-insecure-requests')
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(response.headers.get('strict-transport-security'), path).toBeNull()
    }
  })

  it('sends HSTS behind an HTTPS public URL, and frames only the configured embed origins', async () => {
    await start({
      ROOFLINE_PUBLIC_URL: 'https://roofline.example.com',
      ROOFLINE_EMBED_ORIGINS: 'https://www.youtube.com, https://docs.google.com/',
    })
    const response = await fetch(`${server.url}/api/health`)
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect(response.headers.get('content-security-policy')).toContain(
      'frame-src https://www.youtube.com https://docs.google.com',
    )
  })

  it('refuses board and control connections from a foreign Origin; same-origin and origin-less ones pass', async () => {
    await start()
    const session = await createSession(server.url)
    const token = tokenOf(session.links.interviewer)
    const board = `${server.wsUrl}/${session.id}?token=${token}`
    expect(await upgradeStatus(board, { origin: 'https://evil.example' })).toBe(403)
    expect(await upgradeStatus(board, { origin: server.url })).toBe(101)
    expect(await upgradeStatus(board)).toBe(101)
    expect(await controlConnects(server.url, session.id, token, 'https://evil.example')).toBe(false)
    expect(await controlConnects(server.url, session.id, token, server.url)).toBe(true)
    expect(server.logs().some((line) => line.reason === 'foreign origin')).toBe(true)
  })

  it('with a public URL, accepts pages of that origin only', async () => {
    await start({ ROOFLINE_PUBLIC_URL: 'https://roofline.example.com' })
    const session = await createSession(server.url)
    const token = tokenOf(session.links.interviewer)
    const board = `${server.wsUrl}/${session.id}?token=${token}`
    expect(await upgradeStatus(board, { origin: 'https://roofline.example.com' })).toBe(101)
    expect(await upgradeStatus(board, { origin: 'http://localhost:5173' })).toBe(403)
    expect(await controlConnects(server.url, session.id, token, 'https://roofline.example.com')).toBe(true)
    expect(await controlConnects(server.url, session.id, token, 'https://evil.example')).toBe(false)
  })
})
