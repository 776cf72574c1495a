import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { RelayedSignal, VoiceJoined, VoicePeer, VoiceTracks } from '@roofline/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { createSession, type LinkRole, tokenOf } from '../support/sessionApi.ts'
import { chunkBytes, getChunk, getTracks, replayToken, uploadChunk } from '../support/voiceApi.ts'
import { waitFor } from '../support/yClient.ts'

const OFFER = {
  type: 'offer',
  sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n',
}

describe('voice in the room, over real sockets and HTTP', () => {
  let server: RunningServer
  const controls: ControlClient[] = []

  beforeEach(async () => {
    server = await startServer({
      ROOFLINE_MAX_VOICE_CHUNK_BYTES: '65536',
      ROOFLINE_MAX_VOICE_SESSION_BYTES: '250000',
    })
  })
  afterEach(async () => {
    for (const c of controls.splice(0)) c.close()
    await server.close()
  })

  type Session = Awaited<ReturnType<typeof createSession>>
  async function control(session: Session, role: LinkRole) {
    const client = await connectControlClient(server.url, session.id, tokenOf(session.links[role]))
    controls.push(client)
    await waitFor(() => client.states.length > 0, `${role} receives the session state`)
    return client
  }
  /** A control client that also keeps every roster and relayed signal it receives. */
  async function voiceClient(session: Session, role: LinkRole) {
    const client = await control(session, role)
    const rosters: VoicePeer[][] = []
    const signals: RelayedSignal[] = []
    client.socket.on('voice:peers', (peers: VoicePeer[]) => rosters.push(peers))
    client.socket.on('voice:signal', (signal: RelayedSignal) => signals.push(signal))
    return { client, rosters, signals }
  }
  const joined = async (client: ControlClient) => {
    const ack = await client.send('voice:join', {})
    expect(ack.ok).toBe(true)
    return (ack as { value: VoiceJoined }).value
  }

  describe('signalling', () => {
    it('keeps a roster of who is in voice and relays signals only between peers of the same session', async () => {
      const session = await createSession(server.url, { names: { interviewer: 'Ada', candidate: 'Bo' } })
      const host = await voiceClient(session, 'interviewer')
      const guest = await voiceClient(session, 'candidate')
      const hostJoin = await joined(host.client)
      expect(hostJoin.peers).toEqual([
        { peerId: hostJoin.you, seat: 'host', name: 'Ada', muted: false, maySpeak: true },
      ])
      const guestJoin = await joined(guest.client)
      expect(guestJoin.peers.map((p) => p.seat)).toEqual(['guest', 'host'])
      await waitFor(() => host.rosters.at(-1)?.length === 2, 'the host hears the guest joined')

      // An offer from the guest reaches the host (and only the host), marked with the sender.
      expect(await guest.client.send('voice:signal', { to: hostJoin.you, signal: OFFER })).toEqual({
        ok: true,
      })
      await waitFor(() => host.signals.length === 1, 'the host receives the offer')
      expect(host.signals[0]).toEqual({ from: guestJoin.you, signal: OFFER })
      const candidate = {
        candidate: 'candidate:1 1 udp 2122 127.0.0.1 5000 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
      }
      expect(
        await host.client.send('voice:signal', {
          to: guestJoin.you,
          signal: { type: 'candidate', candidate },
        }),
      ).toEqual({ ok: true })
      await waitFor(() => guest.signals.length === 1, 'the guest receives the candidate')
      expect(guest.signals[0]?.signal).toEqual({ type: 'candidate', candidate })

      // Mute goes into everyone's roster.
      expect(await guest.client.send('voice:mute', { muted: true })).toEqual({ ok: true })
      await waitFor(
        () => host.rosters.at(-1)?.find((p) => p.seat === 'guest')?.muted === true,
        'the host sees the guest muted',
      )

      // Another session's peer cannot be reached, nor can one reach in from outside voice.
      const other = await createSession(server.url)
      const stranger = await voiceClient(other, 'interviewer')
      const strangerJoin = await joined(stranger.client)
      const refused = await stranger.client.send('voice:signal', { to: hostJoin.you, signal: OFFER })
      expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/not in voice/) })
      expect(await host.client.send('voice:signal', { to: strangerJoin.you, signal: OFFER })).toMatchObject({
        ok: false,
      })
      const observer = await voiceClient(session, 'observer')
      expect(await observer.client.send('voice:signal', { to: hostJoin.you, signal: OFFER })).toMatchObject({
        ok: false,
        error: 'Join voice first.',
      })
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(host.signals.length).toBe(1)
      expect(stranger.rosters.flat().some((p) => p.peerId === hostJoin.you)).toBe(false)

      // A peer that leaves (or closes its connection) leaves everyone's roster.
      guest.client.close()
      await waitFor(() => host.rosters.at(-1)?.length === 1, 'the guest left the roster')
    })

    it('refuses malformed or oversized signals, and lets only the interviewer allow the observer to speak', async () => {
      const session = await createSession(server.url)
      const host = await voiceClient(session, 'interviewer')
      const observer = await voiceClient(session, 'observer')
      const hostJoin = await joined(host.client)
      const observerJoin = await joined(observer.client)
      expect(observerJoin.peers.find((p) => p.seat === 'observer')?.maySpeak).toBe(false)
      const big = { to: hostJoin.you, signal: { type: 'offer', sdp: 'x'.repeat(20_001) } }
      expect(await observer.client.send('voice:signal', big)).toMatchObject({
        ok: false,
        error: /Invalid voice:signal/,
      })
      expect(
        await observer.client.send('voice:signal', { to: hostJoin.you, signal: { type: 'bye' } }),
      ).toMatchObject({
        ok: false,
      })
      expect(await observer.client.send('voice:allow', { seat: 'observer', allowed: true })).toMatchObject({
        ok: false,
      })
      expect(await host.client.send('voice:allow', { seat: 'observer', allowed: true })).toEqual({ ok: true })
      await waitFor(
        () => observer.rosters.at(-1)?.find((p) => p.seat === 'observer')?.maySpeak === true,
        'the observer may speak',
      )
      expect(observer.client.latest()?.voice.observerMaySpeak).toBe(true)
      expect(host.signals).toEqual([])
    })
  })

  describe('recording consent', () => {
    it('in an interview only the interviewer turns recording on; everyone sees it, and it is recorded', async () => {
      const session = await createSession(server.url)
      const host = await control(session, 'interviewer')
      const guest = await control(session, 'candidate')
      expect(await guest.send('voice:record', { on: true })).toMatchObject({ ok: false })
      expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
      await waitFor(() => guest.latest()?.voice.recording === true, 'the candidate sees recording on')
      expect(guest.latest()?.voice).toMatchObject({ requestedBy: ['host'], since: expect.any(Number) })
      expect(await host.send('voice:record', { on: false })).toEqual({ ok: true })
      await waitFor(() => guest.latest()?.voice.recording === false, 'the candidate sees recording off')
      const events = (await server.sessions.events.read(session.id)).filter(
        (e) => e.type === 'voice-recording',
      )
      expect(events.map((e) => e.payload)).toEqual([
        { recording: true, requestedBy: ['host'] },
        { recording: false, requestedBy: [] },
      ])
    })

    it('in a peer session recording starts only once both peers asked', async () => {
      const session = await createSession(server.url, { mode: 'peer' })
      const host = await control(session, 'interviewer')
      const guest = await control(session, 'candidate')
      expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
      await waitFor(() => guest.latest()?.voice.requestedBy.length === 1, 'the guest sees the request')
      expect(guest.latest()?.voice.recording).toBe(false)
      expect(await guest.send('voice:record', { on: true })).toEqual({ ok: true })
      await waitFor(() => host.latest()?.voice.recording === true, 'recording is on once both asked')
    })
  })

  describe('uploads', () => {
    async function recordingSession() {
      const session = await createSession(server.url, { names: { interviewer: 'Ada', candidate: 'Bo' } })
      const host = await control(session, 'interviewer')
      expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
      return {
        session,
        host,
        hostToken: tokenOf(session.links.interviewer),
        guestToken: tokenOf(session.links.candidate),
      }
    }

    it('stores numbered chunks once: a repeat is a duplicate, other bytes a conflict, order does not matter', async () => {
      const { session, hostToken, guestToken } = await recordingSession()
      const at = Date.now()
      const up = (seat: string, token: string, seq: number, seed = seq, track = 0) =>
        uploadChunk(server.url, session.id, seat, token, {
          seq,
          track,
          at: at + seq * 3000,
          bytes: chunkBytes(seed),
        })

      expect((await up('guest', guestToken, 1)).status).toBe(201)
      expect((await up('guest', guestToken, 0)).status).toBe(201)
      const again = await up('guest', guestToken, 1)
      expect(again.status).toBe(200)
      expect(await again.json()).toEqual({ stored: false, duplicate: true })
      const clash = await up('guest', guestToken, 1, 99)
      expect(clash.status).toBe(409)
      expect(((await clash.json()) as { error: string }).error).toMatch(/other bytes/)
      expect((await up('host', hostToken, 0)).status).toBe(201)
      expect((await up('guest', guestToken, 0, 5, 1)).status).toBe(201)

      // Bad headers are refused with the field named, and store nothing.
      const badLevels = await uploadChunk(server.url, session.id, 'guest', guestToken, {
        seq: 7,
        at,
        bytes: chunkBytes(7),
        levels: [1, 2, 300],
      })
      expect(badLevels.status).toBe(400)
      expect(((await badLevels.json()) as { error: string }).error).toMatch(/levels/)

      await host(session)
      const tracks = (await (await getTracks(server.url, session.id, hostToken)).json()) as VoiceTracks
      expect(tracks.tracks.map((t) => [t.seat, t.name, t.track, t.chunks.map((c) => c.seq)])).toEqual([
        ['guest', 'Bo', 0, [0, 1]],
        ['guest', 'Bo', 1, [0]],
        ['host', 'Ada', 0, [0]],
      ])
      const first = tracks.tracks[0]?.chunks[1]
      expect(first).toMatchObject({ at: at + 3000, durationMs: 3000, bytes: 12_000 })
      expect(first?.levels.length).toBe(30)
      const bytes = new Uint8Array(
        await (await getChunk(server.url, session.id, 'guest', 0, 1, hostToken)).arrayBuffer(),
      )
      expect(Buffer.from(bytes).equals(Buffer.from(chunkBytes(1)))).toBe(true)
      expect((await getChunk(server.url, session.id, 'guest', 0, 9, hostToken)).status).toBe(404)
    })

    /** Ends the session with the interviewer's link. */
    async function host(session: Session) {
      const client = controls.find((c) => c.latest()?.you.seat === 'host' && c.latest()?.id === session.id)
      expect(await client?.send('session:end', {})).toEqual({ ok: true })
    }

    it('refuses a foreign token, a forged seat, an oversized chunk, the session past its total, and recording off', async () => {
      const { session, host: hostClient, guestToken, hostToken } = await recordingSession()
      const other = await createSession(server.url)
      const at = Date.now()
      const chunk = { seq: 0, at, bytes: chunkBytes(1) }
      expect(
        (await uploadChunk(server.url, session.id, 'guest', tokenOf(other.links.candidate), chunk)).status,
      ).toBe(401)
      const forged = await uploadChunk(server.url, session.id, 'host', guestToken, chunk)
      expect(forged.status).toBe(403)
      expect(((await forged.json()) as { error: string }).error).toMatch(/own seat/)
      const replay = await replayToken(server.url, session.id, hostToken, { includeVoices: true })
      expect((await uploadChunk(server.url, session.id, 'host', replay, chunk)).status).toBe(401)
      const oversized = await uploadChunk(server.url, session.id, 'guest', guestToken, {
        ...chunk,
        bytes: chunkBytes(2, 65_537),
      })
      expect(oversized.status).toBe(413)
      expect(((await oversized.json()) as { error: string }).error).toMatch(/at most 65536 bytes/)
      // The session total (250,000 bytes): 20 chunks of 12,000 fit, the 21st does not.
      for (let seq = 0; seq < 20; seq++) {
        const response = await uploadChunk(server.url, session.id, 'guest', guestToken, {
          seq,
          at: at + seq * 3000,
          bytes: chunkBytes(seq),
        })
        expect(response.status).toBe(201)
      }
      const full = await uploadChunk(server.url, session.id, 'guest', guestToken, {
        seq: 20,
        at,
        bytes: chunkBytes(20),
      })
      expect(full.status).toBe(413)
      expect(((await full.json()) as { error: string }).error).toMatch(/full/)
      expect(await hostClient.send('voice:record', { on: false })).toEqual({ ok: true })
      // A chunk that started before recording stopped still lands; one after it does not.
      const last = await uploadChunk(server.url, session.id, 'host', hostToken, {
        seq: 0,
        at: at - 1,
        bytes: new Uint8Array(10),
      })
      expect(last.status).toBe(201)
      const off = await uploadChunk(server.url, session.id, 'host', hostToken, {
        seq: 1,
        at: Date.now() + 1000,
        bytes: new Uint8Array(10),
      })
      expect(off.status).toBe(403)
      const offBody = (await off.json()) as { error: string; afterRecording?: boolean }
      expect(offBody.error).toMatch(/not being recorded/)
      // The browser drops such a chunk (begun after the stop) instead of reporting a failure.
      expect(offBody.afterRecording).toBe(true)
      expect((await server.storage.listVoiceChunks(session.id)).length).toBe(21)
    })

    it('after the end takes only the chunk that started before it, and the observer only when allowed to speak', async () => {
      const { session, host: hostClient, guestToken } = await recordingSession()
      const observerToken = tokenOf(session.links.observer)
      const start = Date.now()
      const silentObserver = await uploadChunk(server.url, session.id, 'observer', observerToken, {
        seq: 0,
        at: start,
        bytes: chunkBytes(3),
      })
      expect(silentObserver.status).toBe(403)
      expect(await hostClient.send('voice:allow', { seat: 'observer', allowed: true })).toEqual({ ok: true })
      expect(
        (
          await uploadChunk(server.url, session.id, 'observer', observerToken, {
            seq: 0,
            at: start,
            bytes: chunkBytes(3),
          })
        ).status,
      ).toBe(201)
      expect(await hostClient.send('session:end', {})).toEqual({ ok: true })
      const lastOne = await uploadChunk(server.url, session.id, 'guest', guestToken, {
        seq: 0,
        at: start,
        bytes: chunkBytes(4),
      })
      expect(lastOne.status).toBe(201)
      const late = await uploadChunk(server.url, session.id, 'guest', guestToken, {
        seq: 1,
        at: Date.now() + 10,
        bytes: chunkBytes(5),
      })
      expect(late.status).toBe(409)
      const lateBody = (await late.json()) as { error: string; afterRecording?: boolean }
      expect(lateBody.error).toMatch(/ended/)
      expect(lateBody.afterRecording).toBe(true)
    })
  })

  describe('storage per recorded minute', () => {
    it('keeps a minute of 32 kb/s Opus (20 chunks of 3 s, 240 kB) in little more than its own bytes', async () => {
      const session = await createSession(server.url)
      const host = await control(session, 'interviewer')
      const hostToken = tokenOf(session.links.interviewer)
      expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
      // The database file itself, once the WAL checkpointer (every 250 ms) copied the pages in:
      // the WAL holds the same pages again until it is reused, so adding it would count them twice.
      const file = path.join(server.dataDir, 'roofline.sqlite')
      const size = () => (existsSync(file) ? statSync(file).size : 0)
      const before = size()
      const at = Date.now()
      for (let seq = 0; seq < 20; seq++) {
        const response = await uploadChunk(server.url, session.id, 'host', hostToken, {
          seq,
          at: at + seq * 3000,
          bytes: chunkBytes(seq, 12_000),
        })
        expect(response.status).toBe(201)
      }
      const stored = (await server.storage.listVoiceChunks(session.id)).reduce((sum, c) => sum + c.size, 0)
      expect(stored).toBe(240_000)
      await waitFor(
        () => size() - before >= stored,
        'the checkpointer copied the chunks into the file',
        10_000,
      )
      const onDisk = size() - before
      // Printed for the report: what a recorded minute costs in the data file.
      console.info(
        `voice storage: ${stored} bytes of audio per recorded minute, ${onDisk} bytes of data file growth`,
      )
      expect(onDisk).toBeGreaterThanOrEqual(240_000)
      expect(onDisk).toBeLessThan(240_000 * 1.5)
    })
  })

  describe('privacy and deletion', () => {
    it('gives audio and levels only to a replay link made with voices, never to the candidate while live', async () => {
      const session = await createSession(server.url)
      const host = await control(session, 'interviewer')
      const hostToken = tokenOf(session.links.interviewer)
      const guestToken = tokenOf(session.links.candidate)
      expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
      expect(await host.send('timer:command', { command: 'start' })).toEqual({ ok: true })
      // 3 s of which 1.2 s loud: the report counts 1.2 s of speaking for the interviewer.
      const levels = Array.from({ length: 30 }, (_, i) => (i < 12 ? 60 : 3))
      expect(
        (
          await uploadChunk(server.url, session.id, 'host', hostToken, {
            seq: 0,
            at: Date.now(),
            bytes: chunkBytes(8),
            levels,
          })
        ).status,
      ).toBe(201)
      const plain = await replayToken(server.url, session.id, hostToken, { includePrivate: true })
      const withVoices = await replayToken(server.url, session.id, hostToken, { includeVoices: true })

      // While live: the candidate and even the interviewer's own link get nothing; the shared link does.
      for (const token of [guestToken, hostToken, tokenOf(session.links.observer), plain]) {
        expect((await getTracks(server.url, session.id, token)).status).toBe(403)
        expect((await getChunk(server.url, session.id, 'host', 0, 0, token)).status).toBe(403)
      }
      expect((await getTracks(server.url, session.id, withVoices)).status).toBe(200)
      expect((await getChunk(server.url, session.id, 'host', 0, 0, withVoices)).status).toBe(200)

      // Nothing a replay link without voices reads carries the levels or the bytes.
      const levelsText = (await (await getTracks(server.url, session.id, withVoices)).text()).match(
        /"levels":\[[^\]]*\]/,
      )?.[0]
      expect(levelsText).toBeTruthy()
      for (const path of ['recording', 'recording/outline', 'report?format=markdown', 'report', 'summary']) {
        const body = await (
          await fetch(`${server.url}/api/sessions/${session.id}/${path}`, {
            headers: { authorization: `Bearer ${plain}` },
          })
        ).text()
        expect(body, path).not.toContain('"levels"')
        expect(body, path).not.toMatch(/speaking time/i)
        expect(body, path).not.toContain(Buffer.from(chunkBytes(8).subarray(0, 48)).toString('base64'))
      }

      const report = await (
        await fetch(`${server.url}/api/sessions/${session.id}/report?format=markdown`, {
          headers: { authorization: `Bearer ${withVoices}` },
        })
      ).text()
      expect(report).toContain('## Speaking time per phase')
      expect(report).toMatch(/\| 1 \| Clarify[^|]* \| Interviewer \| 0:01 \|/)

      // After the end: the interviewer hears it; the candidate of an interview still does not.
      expect(await host.send('session:end', {})).toEqual({ ok: true })
      expect((await getTracks(server.url, session.id, hostToken)).status).toBe(200)
      expect((await getTracks(server.url, session.id, guestToken)).status).toBe(403)
      expect((await getTracks(server.url, session.id, plain)).status).toBe(403)
    })

    it('deletes the audio with the session', async () => {
      const session = await createSession(server.url)
      const host = await control(session, 'interviewer')
      const hostToken = tokenOf(session.links.interviewer)
      expect(await host.send('voice:record', { on: true })).toEqual({ ok: true })
      await uploadChunk(server.url, session.id, 'host', hostToken, {
        seq: 0,
        at: Date.now(),
        bytes: chunkBytes(9),
      })
      expect((await server.storage.listVoiceChunks(session.id)).length).toBe(1)
      const deleted = await fetch(`${server.url}/api/sessions/${session.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${hostToken}` },
      })
      expect(deleted.status).toBe(204)
      expect(await server.storage.listVoiceChunks(session.id)).toEqual([])
      expect(await server.storage.readVoiceChunk(session.id, 'host', 0, 0)).toBeNull()
    })
  })
})
