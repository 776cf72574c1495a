import { type Browser, expect, test } from '@playwright/test'
import { startCoturn } from '../support/coturn.ts'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { CANDIDATE_HZ, expectTone, hear, INTERVIEWER_HZ, twoInVoice } from './voiceSteps.ts'

test.setTimeout(120_000)

// Ports of this spec: the server and coturn's listener (relay ports come from coturn's own range).
const SERVER_PORT = Number(process.env.ROOFLINE_VOICE_RELAY_PORT ?? 5750)
const TURN_PORT = SERVER_PORT + 1

test("voice goes through TURN only (iceTransportPolicy relay) with the server's short-lived credentials", async () => {
  const secret = `turn-secret-${Date.now()}`
  const turn = await startCoturn({ port: TURN_PORT, secret, relayPorts: [TURN_PORT + 1, TURN_PORT + 18] })
  const dataDir = makeDataDir()
  const browsers: Browser[] = []
  let server: ServerProcess | null = null
  try {
    server = await startServerProcess(dataDir, {
      PORT: String(SERVER_PORT),
      ROOFLINE_TURN_URLS: turn.urls.join(','),
      ROOFLINE_TURN_SECRET: secret,
      ...(process.env.ROOFLINE_CLIENT_DIR ? { ROOFLINE_CLIENT_DIR: process.env.ROOFLINE_CLIENT_DIR } : {}),
    })
    const { ana, ben } = await twoInVoice(server.url, browsers, '?ice=relay')
    await expect
      .poll(async () => (await hear(ana, 'guest', 'live')).db, { timeout: 30_000 })
      .toBeGreaterThan(-40)
    expectTone(await hear(ana, 'guest', 'live'), CANDIDATE_HZ)
    expectTone(await hear(ben, 'host', 'live'), INTERVIEWER_HZ)

    // Every candidate pair in use is a relay one, through our coturn.
    const pairs = await ana.evaluate(async () => {
      const mesh = window.__rooflineVoice?.mesh
      const result: Array<{ local: string; remote: string; credentialed: boolean }> = []
      for (const id of mesh?.peerIds ?? []) {
        const pc = mesh?.connection(id)
        const stats = await pc?.getStats()
        const byId = new Map<string, Record<string, unknown>>()
        stats?.forEach((s: Record<string, unknown>) => {
          byId.set(s.id as string, s)
        })
        for (const s of byId.values()) {
          if (s.type !== 'candidate-pair' || s.state !== 'succeeded' || !s.nominated) continue
          const local = byId.get(s.localCandidateId as string)
          const remote = byId.get(s.remoteCandidateId as string)
          result.push({
            local: String(local?.candidateType),
            remote: String(remote?.candidateType),
            credentialed:
              pc?.getConfiguration().iceServers?.some((server) => Boolean(server.credential)) ?? false,
          })
        }
      }
      return result
    })
    expect(pairs.length).toBeGreaterThan(0)
    for (const pair of pairs) expect(pair).toEqual({ local: 'relay', remote: 'relay', credentialed: true })
    expect(turn.allocations()).toBeGreaterThan(0)
  } finally {
    for (const browser of browsers) await browser.close()
    await server?.stop()
    await turn.stop()
    removeDataDir(dataDir)
  }
})
