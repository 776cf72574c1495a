import type { RelayedSignal, VoiceJoined, VoicePeer } from '@roofline/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ControlClient, connectBoardControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { waitFor } from '../support/yClient.ts'

const SECRET = 'board-voice-test-secret-0123456789'
const OFFER = {
  type: 'offer',
  sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n',
}

/**
 * Voice on scratch boards (issue 21), over real sockets: a board's voice room holds only
 * people who can open that board, and nothing crosses from one board (or from outside) into it.
 */
describe('voice on scratch boards', () => {
  let server: RunningServer
  const clients: ControlClient[] = []

  beforeEach(async () => {
    // With a secret, a board opens only at an id the server made: "no access" exists.
    server = await startServer({
      ROOFLINE_CREATE_SECRET: SECRET,
      ROOFLINE_TURN_URLS: 'turn:127.0.0.1:3478',
      ROOFLINE_TURN_SECRET: 'turn-secret-turn-secret',
    })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function newBoard(): Promise<string> {
    const response = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(201)
    return ((await response.json()) as { id: string }).id
  }
  async function onBoard(boardId: string) {
    const client = await connectBoardControlClient(server.url, boardId)
    clients.push(client)
    const rosters: VoicePeer[][] = []
    const signals: RelayedSignal[] = []
    client.socket.on('voice:peers', (peers: VoicePeer[]) => rosters.push(peers))
    client.socket.on('voice:signal', (signal: RelayedSignal) => signals.push(signal))
    return { client, rosters, signals }
  }
  const join = async (client: ControlClient, name: string) => {
    const ack = await client.send('voice:join', { name })
    expect(ack.ok).toBe(true)
    return (ack as { value: VoiceJoined }).value
  }

  it('everyone on a board is an equal peer; signals go between peers of that board only', async () => {
    const board = await newBoard()
    const ada = await onBoard(board)
    const bo = await onBoard(board)
    const adaJoin = await join(ada.client, 'Ada')
    expect(adaJoin.peers).toEqual([{ peerId: adaJoin.you, name: 'Ada', muted: false, maySpeak: true }])
    const boJoin = await join(bo.client, 'Bo')
    expect(boJoin.peers.map((p) => p.name)).toEqual(['Ada', 'Bo'])
    await waitFor(() => ada.rosters.at(-1)?.length === 2, 'Ada hears Bo joined')

    expect(await bo.client.send('voice:signal', { to: adaJoin.you, signal: OFFER })).toEqual({ ok: true })
    await waitFor(() => ada.signals.length === 1, 'Ada receives the offer')
    expect(ada.signals[0]).toEqual({ from: boJoin.you, signal: OFFER })

    // Joining again with another name renames the peer for everyone.
    await join(bo.client, 'Bob')
    await waitFor(() => ada.rosters.at(-1)?.some((p) => p.name === 'Bob') === true, 'Ada sees the new name')
    expect(await bo.client.send('voice:mute', { muted: true })).toEqual({ ok: true })
    await waitFor(
      () => ada.rosters.at(-1)?.find((p) => p.name === 'Bob')?.muted === true,
      'Ada sees Bob muted',
    )

    // Someone on another board is in another voice room: neither side reaches the other.
    const stranger = await onBoard(await newBoard())
    const strangerJoin = await join(stranger.client, 'Eve')
    expect(await stranger.client.send('voice:signal', { to: adaJoin.you, signal: OFFER })).toEqual({
      ok: false,
      error: 'That peer is not in voice in this board.',
    })
    expect(await ada.client.send('voice:signal', { to: strangerJoin.you, signal: OFFER })).toMatchObject({
      ok: false,
    })
    expect(stranger.rosters.flat().some((p) => p.peerId === adaJoin.you)).toBe(false)
    expect(ada.rosters.flat().some((p) => p.peerId === strangerJoin.you)).toBe(false)
    // On the board but not in voice: no signals either.
    const lurker = await onBoard(board)
    expect(await lurker.client.send('voice:signal', { to: adaJoin.you, signal: OFFER })).toEqual({
      ok: false,
      error: 'Join voice first.',
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(ada.signals.length).toBe(1)

    bo.client.close()
    await waitFor(() => ada.rosters.at(-1)?.length === 1, 'Bob left the roster')
  })

  it('refuses a client that cannot open the board, a session id, and oversized or foreign events', async () => {
    const board = await newBoard()
    const ada = await onBoard(board)
    const adaJoin = await join(ada.client, 'Ada')

    // A made-up id is no board on a server with a secret; nor is a session a board.
    const madeUp = 'AAAAAAAAAAAAAAAAAAAAAA'
    await expect(connectBoardControlClient(server.url, madeUp)).rejects.toThrow(/no such board/)
    await expect(connectBoardControlClient(server.url, '../x')).rejects.toThrow(/not a valid board link/)
    await expect(connectBoardControlClient(server.url, { $ne: 1 })).rejects.toThrow(/not a valid board link/)
    const created = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: '{}',
    })
    const session = (await created.json()) as { id: string }
    await expect(connectBoardControlClient(server.url, session.id)).rejects.toThrow(/session/)

    // Payloads: checked by schema and size; session commands are not answered on a board.
    const big = { to: adaJoin.you, signal: { type: 'offer', sdp: 'x'.repeat(20_001) } }
    expect(await ada.client.send('voice:signal', big)).toMatchObject({
      ok: false,
      error: /Invalid voice:signal/,
    })
    expect(await ada.client.send('voice:join', { name: 'x'.repeat(41) })).toMatchObject({
      ok: false,
      error: /Invalid voice:join/,
    })
    expect(await ada.client.send('timer:start', {})).toMatchObject({ ok: false, error: /Unknown event/ })
    expect(await ada.client.send('voice:record', { on: true })).toMatchObject({
      ok: false,
      error: /Unknown event/,
    })

    // TURN credentials: for people who can open the board, and no one else.
    const ice = await fetch(`${server.url}/api/boards/${board}/voice/ice`)
    expect(ice.status).toBe(200)
    const config = (await ice.json()) as { iceServers: Array<{ username?: string }> }
    expect(config.iceServers.at(-1)?.username).toMatch(new RegExp(`^\\d+:${board}-board$`))
    expect((await fetch(`${server.url}/api/boards/${madeUp}/voice/ice`)).status).toBe(403)
    expect((await fetch(`${server.url}/api/boards/${session.id}/voice/ice`)).status).toBe(403)

    // Nesting far past any voice event's shape is refused before a schema walks it.
    let deep: unknown = 'x'
    for (let i = 0; i < 1_000; i++) deep = [deep]
    expect(await ada.client.send('voice:signal', { to: adaJoin.you, signal: deep })).toMatchObject({
      ok: false,
      error: /Invalid voice:signal/,
    })
    // Still serving after all of it.
    expect(await ada.client.send('voice:mute', { muted: true })).toEqual({ ok: true })

    // A megabyte payload is past the control plane's size limit: that connection is dropped,
    // the board's others are not.
    const flooder = await onBoard(board)
    const dropped = new Promise<string>((resolve) => flooder.client.socket.once('disconnect', resolve))
    flooder.client.socket.emit('voice:signal', {
      to: adaJoin.you,
      signal: { type: 'offer', sdp: 'x'.repeat(1_048_576) },
    })
    expect(await dropped).toMatch(/transport/)
    expect(await ada.client.send('voice:mute', { muted: false })).toEqual({ ok: true })
    expect(ada.signals).toEqual([])
  })
})
