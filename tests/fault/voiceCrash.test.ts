import type { VoiceTracks } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import { connectControlClient } from '../support/controlClient.ts'
import { useServerProcesses } from '../support/processFixture.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { chunkBytes, getChunk, getTracks, replayToken, uploadChunk } from '../support/voiceApi.ts'
import { waitFor } from '../support/yClient.ts'

/** The kill comes once this many chunks were acknowledged, uploads still running. */
const ACKED_BEFORE_KILL = 60

/**
 * The upload promise under a crash: a chunk is acknowledged only once committed, so every
 * acknowledged chunk of every uploader is there, byte for byte, after a SIGKILL in the middle
 * of their uploads; a chunk in flight may be lost and is then simply sent again.
 */
describe('SIGKILL during voice uploads', () => {
  const fixture = useServerProcesses()

  it('loses no acknowledged chunk', async () => {
    const dataDir = fixture.dataDir()
    const first = await fixture.start(dataDir)
    const session = await createSession(first.url)
    const hostToken = tokenOf(session.links.interviewer)
    const host = await connectControlClient(first.url, session.id, hostToken)
    expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
    const listener = await replayToken(first.url, session.id, hostToken, { includeVoices: true })
    host.close()

    const uploaders = [
      { seat: 'host', token: hostToken },
      { seat: 'guest', token: tokenOf(session.links.candidate) },
    ]
    const acked: Array<{ seat: string; seq: number; track: number }> = []
    let stop = false
    // Set just before the kill: an upload failing from then on is one the kill cut off.
    let killing = false
    const start = Date.now()
    const runs = uploaders.map(async ({ seat, token }, u) => {
      // Two tracks per seat, uploading at once: more chunks in flight at the kill.
      await Promise.all(
        [0, 1].map(async (track) => {
          for (let seq = 0; !stop && seq < 10_000; seq++) {
            const chunk = {
              seq,
              track,
              at: start + seq * 3000,
              bytes: chunkBytes(u * 100_000 + track * 10_000 + seq),
            }
            try {
              const response = await uploadChunk(first.url, session.id, seat, token, chunk)
              if (response.status === 201) acked.push({ seat, seq, track })
              else throw new Error(`upload answered ${response.status}`)
            } catch (error) {
              if (killing) return
              throw error
            }
          }
        }),
      )
    })
    await waitFor(() => acked.length >= ACKED_BEFORE_KILL, 'uploads acknowledged before the kill', 30_000)
    killing = true
    await first.stop('SIGKILL')
    stop = true
    await Promise.all(runs)
    const acknowledged = [...acked]

    const second = await fixture.start(dataDir)
    const listed = (await (await getTracks(second.url, session.id, listener)).json()) as VoiceTracks
    const stored = new Set(listed.tracks.flatMap((t) => t.chunks.map((c) => `${t.seat}/${t.track}/${c.seq}`)))
    for (const { seat, track, seq } of acknowledged)
      expect(stored.has(`${seat}/${track}/${seq}`), `${seat}/${track}/${seq}`).toBe(true)
    // Byte for byte, for a sample of them (every chunk would be a few hundred requests).
    for (const { seat, track, seq } of acknowledged.filter((_, i) => i % 7 === 0)) {
      const u = seat === 'host' ? 0 : 1
      const bytes = new Uint8Array(
        await (await getChunk(second.url, session.id, seat, track, seq, listener)).arrayBuffer(),
      )
      expect(Buffer.from(bytes).equals(Buffer.from(chunkBytes(u * 100_000 + track * 10_000 + seq)))).toBe(
        true,
      )
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL)
  })
})
