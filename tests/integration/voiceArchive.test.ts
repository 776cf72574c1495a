import type { VoiceTracks } from '@roofline/shared'
import { unzipSync, zipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { chunkBytes, getChunk, getTracks, uploadChunk } from '../support/voiceApi.ts'

/**
 * Archives with voice: the zip (version 3) carries the recording and every recorded chunk;
 * imported on another server it plays the same voices; JSON archives (versions 1–2) import
 * as before; a damaged zip is refused and stores nothing.
 */
describe('session archives with recorded voice', () => {
  let server: RunningServer
  let fresh: RunningServer

  beforeEach(async () => {
    server = await startServer()
    fresh = await startServer()
  })
  afterEach(async () => {
    await server.close()
    await fresh.close()
  })

  async function recordedSession() {
    const session = await createSession(server.url, { names: { interviewer: 'Ada', candidate: 'Bo' } })
    const hostToken = tokenOf(session.links.interviewer)
    const host = await connectControlClient(server.url, session.id, hostToken)
    expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
    const at = Date.now()
    for (const [seat, token] of [
      ['host', hostToken],
      ['guest', tokenOf(session.links.candidate)],
    ] as const) {
      for (let seq = 0; seq < 3; seq++) {
        const response = await uploadChunk(server.url, session.id, seat, token, {
          seq,
          at: at + seq * 3000,
          bytes: chunkBytes(seat.length * 10 + seq),
        })
        expect(response.status).toBe(201)
      }
    }
    expect(await host.send('session:end', {})).toEqual({ ok: true })
    host.close()
    return { session, hostToken }
  }
  const importZip = (url: string, body: Uint8Array) =>
    fetch(`${url}/api/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip' },
      body: Buffer.from(body),
    })

  it('exports a zip with the voices and imports it elsewhere with the same chunks, byte for byte', async () => {
    const { session, hostToken } = await recordedSession()
    const response = await fetch(`${server.url}/api/sessions/${session.id}/archive`, {
      headers: { authorization: `Bearer ${hostToken}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/zip')
    const zip = new Uint8Array(await response.arrayBuffer())
    const files = unzipSync(zip)
    expect(Object.keys(files).sort()).toEqual([
      'archive.json',
      'recording.json',
      'voice/guest-0-0.webm',
      'voice/guest-0-1.webm',
      'voice/guest-0-2.webm',
      'voice/host-0-0.webm',
      'voice/host-0-1.webm',
      'voice/host-0-2.webm',
    ])
    expect(JSON.parse(new TextDecoder().decode(files['archive.json']))).toMatchObject({
      format: 'roofline.archive',
      version: 3,
    })
    // The audio is stored, not base64: the zip is barely larger than the audio it holds.
    expect(zip.byteLength).toBeLessThan(6 * 12_000 + 20_000)

    const imported = await importZip(fresh.url, zip)
    expect(imported.status, await imported.clone().text()).toBe(201)
    const { id, replayLink } = (await imported.json()) as { id: string; replayLink: string }
    const token = /token=([A-Za-z0-9_-]+)/.exec(replayLink)?.[1] ?? ''
    const tracks = (await (await getTracks(fresh.url, id, token)).json()) as VoiceTracks
    expect(tracks.tracks.map((t) => [t.seat, t.name, t.chunks.length])).toEqual([
      ['guest', 'Bo', 3],
      ['host', 'Ada', 3],
    ])
    const bytes = new Uint8Array(await (await getChunk(fresh.url, id, 'guest', 0, 2, token)).arrayBuffer())
    expect(Buffer.from(bytes).equals(Buffer.from(chunkBytes(52)))).toBe(true)
  })

  it('leaves the voices out of the archive of a link that may not hear them, and still imports JSON archives', async () => {
    const { session, hostToken } = await recordedSession()
    const link = await fetch(`${server.url}/api/sessions/${session.id}/replay-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ includeVoices: false }),
    })
    const plain = /token=([A-Za-z0-9_-]+)/.exec(((await link.json()) as { link: string }).link)?.[1] ?? ''
    const zip = new Uint8Array(
      await (
        await fetch(`${server.url}/api/sessions/${session.id}/archive`, {
          headers: { authorization: `Bearer ${plain}` },
        })
      ).arrayBuffer(),
    )
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(['archive.json', 'recording.json'])

    // An archive of version 2 (the JSON file) imports as it always did.
    const json = await (
      await fetch(`${server.url}/api/sessions/${session.id}/recording`, {
        headers: { authorization: `Bearer ${hostToken}` },
      })
    ).text()
    const imported = await fetch(`${fresh.url}/api/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
    })
    expect(imported.status).toBe(201)
    const { id } = (await imported.json()) as { id: string }
    expect(await fresh.storage.listVoiceChunks(id)).toEqual([])
  })

  it('refuses a damaged zip, a missing chunk, a duplicated one, or bytes that are no zip', async () => {
    const { session, hostToken } = await recordedSession()
    const zip = new Uint8Array(
      await (
        await fetch(`${server.url}/api/sessions/${session.id}/archive`, {
          headers: { authorization: `Bearer ${hostToken}` },
        })
      ).arrayBuffer(),
    )
    const truncated = await importZip(fresh.url, zip.subarray(0, zip.byteLength - 100))
    expect(truncated.status).toBe(400)
    expect(((await truncated.json()) as { error: string }).error).toMatch(/damaged/)

    const files = unzipSync(zip)
    const { 'voice/host-0-1.webm': _gone, ...missing } = files
    const noChunk = await importZip(fresh.url, zipSync(missing))
    expect(noChunk.status).toBe(400)
    expect(((await noChunk.json()) as { error: string }).error).toMatch(/host-0-1\.webm is missing/)

    const manifest = JSON.parse(new TextDecoder().decode(files['archive.json'])) as { voice: unknown[] }
    manifest.voice.push(manifest.voice[0])
    const twice = await importZip(
      fresh.url,
      zipSync({ ...files, 'archive.json': new TextEncoder().encode(JSON.stringify(manifest)) }),
    )
    expect(twice.status).toBe(400)
    expect(((await twice.json()) as { error: string }).error).toMatch(/appears twice/)

    const notZip = await fetch(`${fresh.url}/api/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from('hello'),
    })
    expect(notZip.status).toBe(400)
  })
})
