import type { VoiceJoined, VoicePeer } from '@roofline/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ControlClient, connectBoardControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { waitFor } from '../support/yClient.ts'

/**
 * A peer without a microphone (refused or missing) says so with `voice:mute {muted, noMic}`,
 * and everyone else's roster carries it (issue 21), over real sockets on a scratch board's
 * voice room (a session's uses the same relay).
 */
describe('a peer without a microphone in the voice roster', () => {
  let server: RunningServer
  const clients: ControlClient[] = []

  beforeEach(async () => {
    server = await startServer({})
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function inVoice(boardId: string, name: string) {
    const client = await connectBoardControlClient(server.url, boardId)
    clients.push(client)
    const rosters: VoicePeer[][] = []
    client.socket.on('voice:peers', (peers: VoicePeer[]) => rosters.push(peers))
    const ack = await client.send('voice:join', { name })
    expect(ack.ok).toBe(true)
    return { client, rosters, you: (ack as { value: VoiceJoined }).value.you }
  }

  it('shows noMic to the others, keeps it across a mute without it, and refuses a bad one', async () => {
    const response = await fetch(`${server.url}/api/boards`, { method: 'POST' })
    const board = ((await response.json()) as { id: string }).id
    const ada = await inVoice(board, 'Ada')
    const bo = await inVoice(board, 'Bo')
    const boInAdas = () => ada.rosters.at(-1)?.find((p) => p.peerId === bo.you)

    expect(await bo.client.send('voice:mute', { muted: false, noMic: true })).toEqual({ ok: true })
    await waitFor(() => boInAdas()?.noMic === true, 'Ada sees that Bo has no microphone')
    expect(boInAdas()).toEqual({ peerId: bo.you, name: 'Bo', muted: false, noMic: true, maySpeak: true })

    // A client that only says mute (an older one) keeps what it said of its microphone.
    expect(await bo.client.send('voice:mute', { muted: true })).toEqual({ ok: true })
    await waitFor(() => boInAdas()?.muted === true, 'Ada sees Bo muted')
    expect(boInAdas()?.noMic).toBe(true)

    // Bad input is refused and changes nothing.
    const bad = await bo.client.send('voice:mute', { muted: false, noMic: 'yes' })
    expect(bad).toMatchObject({ ok: false })
    expect((bad as { error: string }).error).toContain('noMic')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(boInAdas()).toMatchObject({ muted: true, noMic: true })

    // The microphone came back (tried again): the mark goes, and is absent rather than false.
    expect(await bo.client.send('voice:mute', { muted: false, noMic: false })).toEqual({ ok: true })
    await waitFor(() => boInAdas()?.muted === false, 'Ada sees Bo with a microphone again')
    expect(boInAdas()).toEqual({ peerId: bo.you, name: 'Bo', muted: false, maySpeak: true })
  })
})
