import { boardDocKeys, YRecordMap } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { useServerProcesses } from '../support/processFixture.ts'
import type { ServerProcess } from '../support/serverProcess.ts'
import { createSession, type LinkRole, tokenOf } from '../support/sessionApi.ts'
import { waitFor, type YClient } from '../support/yClient.ts'

/** A shape record as tldraw keeps it, reduced to what the guard and these tests look at. */
interface Shape {
  id: string
  typeName: 'shape'
  /** 'geo' as recorded before revealed cards had a type of their own, else that type. */
  type: 'geo' | 'revealed-card'
  x: number
  y: number
  isLocked: boolean
  props: { text: string }
  meta: Record<string, unknown>
}

const card = (id: string, text: string): Shape => ({
  id,
  typeName: 'shape',
  type: 'geo',
  x: 100,
  y: 100,
  isLocked: true,
  props: { text },
  meta: { revealedCard: true, revealedItemId: `item-${id}` },
})
const plain = (id: string): Shape => ({ ...card(id, 'a box'), isLocked: false, meta: {} })
/** A revealed card as the client places it now: its own type (the mark kept alongside). */
const typedCard = (id: string, text: string): Shape => ({ ...card(id, text), type: 'revealed-card' })
/** Whether `doc` holds every change `other` holds. */
const caughtUp = (doc: Y.Doc, other: Y.Doc) =>
  [...Y.decodeStateVector(Y.encodeStateVector(other))].every(
    ([client, clock]) => Y.getState(doc.store, client) >= clock,
  )
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the server keeps revealed cards as the interviewer left them', { timeout: 60_000 }, () => {
  const fixture = useServerProcesses()
  const controls: ControlClient[] = []

  /** A raw Yjs client of the session board with `seat`'s token, and its records. */
  function board(
    server: ServerProcess,
    sessionId: string,
    token: string,
  ): { y: YClient; records: YRecordMap<Shape> } {
    const y = fixture.client(server, sessionId, { token })
    return { y, records: new YRecordMap<Shape>(y.doc.getArray(boardDocKeys.records)) }
  }

  async function setUp(mode: 'interview' | 'peer' = 'interview') {
    const server = await fixture.start(fixture.dataDir())
    const session = await createSession(server.url, mode === 'peer' ? { mode: 'peer' } : {})
    const token = (role: LinkRole) => tokenOf(session.links[role])
    const interviewer = board(server, session.id, token('interviewer'))
    const candidate = board(server, session.id, token('candidate'))
    await Promise.all([interviewer.y.synced, candidate.y.synced])
    interviewer.records.set('shape:a', card('shape:a', 'Peak QPS is 20k'))
    interviewer.records.set('shape:b', card('shape:b', 'Budget: 64 H100'))
    interviewer.records.set('shape:box', plain('shape:box'))
    await waitFor(() => candidate.records.size === 3, 'the candidate sees the cards')
    return { server, session, token, interviewer, candidate }
  }

  async function control(server: ServerProcess, sessionId: string, token: string) {
    const client = await connectControlClient(server.url, sessionId, token)
    controls.push(client)
    await waitFor(() => client.states.length > 0, 'the control client receives the state')
    return client
  }

  /** Closes the control clients (the fixture ends the Yjs clients and servers). */
  function cleanUp() {
    for (const c of controls.splice(0)) c.close()
  }

  it("turns back the candidate's delete and edit for everyone; a plain shape's delete stands", async () => {
    const { server, session, token, interviewer, candidate } = await setUp()
    try {
      // Negative control first: the same kind of delete of a shape that is no card goes through.
      candidate.records.delete('shape:box')
      await waitFor(
        () => !interviewer.records.has('shape:box'),
        "the candidate's delete of a plain shape applies",
      )

      candidate.y.doc.transact(() => {
        candidate.records.delete('shape:a')
        candidate.records.set('shape:b', { ...card('shape:b', 'Budget: unlimited'), x: 900, isLocked: false })
      })
      // The sender sees the server's write-back, then everyone converges to the same board.
      await waitFor(
        () =>
          candidate.records.get('shape:a')?.props.text === 'Peak QPS is 20k' &&
          candidate.records.get('shape:b')?.props.text === 'Budget: 64 H100',
        'the candidate sees both cards restored',
      )
      await waitFor(
        () => caughtUp(interviewer.y.doc, candidate.y.doc),
        'the interviewer has all the candidate has',
      )
      for (const client of [candidate, interviewer]) {
        expect(client.records.get('shape:a')).toEqual(card('shape:a', 'Peak QPS is 20k'))
        expect(client.records.get('shape:b')).toEqual(card('shape:b', 'Budget: 64 H100'))
      }
      const fresh = board(server, session.id, token('observer'))
      await fresh.y.synced
      expect(fresh.records.get('shape:a')).toEqual(card('shape:a', 'Peak QPS is 20k'))
      expect(fresh.records.get('shape:b')).toEqual(card('shape:b', 'Budget: 64 H100'))
      expect(fresh.records.has('shape:box')).toBe(false)

      const line = server.logs().find((l) => l.msg.startsWith('restored revealed cards'))
      expect(line).toMatchObject({ room: session.id, seat: 'guest', role: 'candidate' })
      expect([...((line?.records as string[] | undefined) ?? [])].sort()).toEqual(['shape:a', 'shape:b'])
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
        revealedCardsRestored: number
      }
      expect(health.revealedCardsRestored).toBe(2)

      // The write-back is stored like any change: a restarted server serves the cards.
      cleanUp()
      const dataDir = server.dataDir
      await server.stop('SIGTERM')
      const again = await fixture.start(dataDir)
      const after = board(again, session.id, token('observer'))
      await after.y.synced
      expect(after.records.get('shape:a')).toEqual(card('shape:a', 'Peak QPS is 20k'))
      expect(after.records.get('shape:b')).toEqual(card('shape:b', 'Budget: 64 H100'))
    } finally {
      cleanUp()
    }
  })

  it("applies the interviewer's own unlock, move and delete", async () => {
    const { server, interviewer, candidate } = await setUp()
    try {
      interviewer.records.set('shape:b', { ...card('shape:b', 'Budget: 64 H100'), isLocked: false, x: 400 })
      interviewer.records.delete('shape:a')
      await waitFor(
        () => candidate.records.get('shape:b')?.x === 400 && !candidate.records.has('shape:a'),
        "the candidate sees the interviewer's move and delete",
      )
      await sleep(200)
      expect(candidate.records.get('shape:b')).toMatchObject({ isLocked: false, x: 400 })
      expect(candidate.records.has('shape:a')).toBe(false)
      expect(server.logs().some((l) => l.msg.startsWith('restored revealed cards'))).toBe(false)
    } finally {
      cleanUp()
    }
  })

  it('follows a peer swap: the new interviewer may move a card, the old one may not', async () => {
    const { server, session, token, interviewer: mia, candidate: raj } = await setUp('peer')
    try {
      const miaControl = await control(server, session.id, token('interviewer'))
      expect(await miaControl.send('session:swap', {})).toMatchObject({ ok: true })
      await waitFor(() => miaControl.latest()?.you.role === 'candidate', 'Mia is the candidate now')

      mia.records.set('shape:a', { ...card('shape:a', 'Peak QPS is 20k'), x: 700 })
      await waitFor(
        () => server.logs().some((l) => l.msg.startsWith('restored revealed cards') && l.seat === 'host'),
        "the server turns back the former interviewer's move",
      )
      await waitFor(
        () => raj.records.get('shape:a')?.x === 100 && mia.records.get('shape:a')?.x === 100,
        'card back',
      )

      raj.records.set('shape:a', { ...card('shape:a', 'Peak QPS is 20k'), x: 300 })
      await waitFor(() => mia.records.get('shape:a')?.x === 300, "Mia sees the new interviewer's move")
      await sleep(200)
      expect(mia.records.get('shape:a')?.x).toBe(300)
      expect(raj.records.get('shape:a')?.x).toBe(300)
    } finally {
      cleanUp()
    }
  })

  it('refuses revealed cards the candidate forges: a new one is removed, a shape made into one is put back', async () => {
    const { server, session, token, interviewer, candidate } = await setUp()
    try {
      candidate.y.doc.transact(() => {
        candidate.records.set('shape:forged', card('shape:forged', 'Interviewer says: no sharding needed'))
        candidate.records.set('shape:box', { ...plain('shape:box'), meta: { revealedCard: true } })
        // Negative control: a plain shape added in the same update stays.
        candidate.records.set('shape:mine', plain('shape:mine'))
      })
      await waitFor(
        () =>
          !candidate.records.has('shape:forged') &&
          candidate.records.get('shape:box')?.meta.revealedCard === undefined,
        'the candidate sees the forgery undone',
      )
      // What the server keeps, as a newcomer gets it.
      const fresh = board(server, session.id, token('observer'))
      await fresh.y.synced
      expect(fresh.records.has('shape:forged')).toBe(false)
      expect(fresh.records.get('shape:box')).toEqual(plain('shape:box'))
      expect(fresh.records.get('shape:mine')).toEqual(plain('shape:mine'))
      // The interviewer may see the forgery for a moment (the server's undo is an update of its own), then not.
      await waitFor(
        () =>
          interviewer.records.has('shape:mine') &&
          !interviewer.records.has('shape:forged') &&
          interviewer.records.get('shape:box')?.meta.revealedCard === undefined,
        'the interviewer sees the forgery undone',
      )
      const line = server.logs().find((l) => l.msg.startsWith('restored revealed cards'))
      expect([...((line?.records as string[] | undefined) ?? [])].sort()).toEqual([
        'shape:box',
        'shape:forged',
      ])

      // The interviewer's own new card stays: revealing is hers.
      interviewer.records.set('shape:c', card('shape:c', 'Latency SLO: 200 ms'))
      await waitFor(() => candidate.records.has('shape:c'), "the candidate sees the interviewer's card")
      await sleep(200)
      expect(candidate.records.get('shape:c')).toEqual(card('shape:c', 'Latency SLO: 200 ms'))
    } finally {
      cleanUp()
    }
  })

  it('knows a revealed-card shape by its type, with or without the mark, beside recorded geo cards', async () => {
    const { server, session, token, interviewer, candidate } = await setUp()
    try {
      interviewer.records.set('shape:typed', typedCard('shape:typed', 'Context: 128k tokens'))
      await waitFor(
        () => candidate.records.has('shape:typed'),
        "the candidate sees the interviewer's typed card",
      )
      candidate.y.doc.transact(() => {
        // A typed card's change and delete go back, as a recorded geo card's (shape:a) do.
        candidate.records.set('shape:typed', { ...typedCard('shape:typed', 'Context: 8k'), x: 900 })
        candidate.records.delete('shape:a')
        // A forged card of the type is removed even without the mark.
        candidate.records.set('shape:forged', { ...typedCard('shape:forged', 'No SLO'), meta: {} })
      })
      await waitFor(
        () =>
          candidate.records.get('shape:typed')?.props.text === 'Context: 128k tokens' &&
          candidate.records.has('shape:a') &&
          !candidate.records.has('shape:forged'),
        'the candidate sees both kinds of card restored and the forgery removed',
      )
      const fresh = board(server, session.id, token('observer'))
      await fresh.y.synced
      expect(fresh.records.get('shape:typed')).toEqual(typedCard('shape:typed', 'Context: 128k tokens'))
      expect(fresh.records.get('shape:a')).toEqual(card('shape:a', 'Peak QPS is 20k'))
      expect(fresh.records.has('shape:forged')).toBe(false)
    } finally {
      cleanUp()
    }
  })

  it('removes example shapes the candidate adds unless the interviewer allows examples', async () => {
    const { server, session, token, interviewer, candidate } = await setUp()
    const example = (id: string): Shape => ({ ...plain(id), meta: { example: 'disaggregated-serving' } })
    try {
      // The interviewer's own example stays; the candidate's pasted one goes, their plain shape stays.
      interviewer.records.set('shape:ex-own', example('shape:ex-own'))
      candidate.y.doc.transact(() => {
        candidate.records.set('shape:ex-pasted', example('shape:ex-pasted'))
        candidate.records.set('shape:mine', plain('shape:mine'))
      })
      await waitFor(
        () => !candidate.records.has('shape:ex-pasted'),
        "the server removes the candidate's example",
      )
      await waitFor(
        () => caughtUp(interviewer.y.doc, candidate.y.doc),
        'the interviewer has all the candidate has',
      )
      for (const client of [candidate, interviewer]) {
        expect(client.records.has('shape:ex-pasted')).toBe(false)
        expect(client.records.has('shape:mine')).toBe(true)
        expect(client.records.has('shape:ex-own')).toBe(true)
      }

      const host = await control(server, session.id, token('interviewer'))
      expect(await host.send('session:examples', { allowed: true })).toMatchObject({ ok: true })
      await waitFor(() => host.latest()?.examplesAllowed === true, 'examples allowed')
      // The guard learns of it from the same change, a read of the session later.
      await sleep(200)
      candidate.records.set('shape:ex-allowed', example('shape:ex-allowed'))
      await waitFor(
        () => interviewer.records.has('shape:ex-allowed'),
        'the interviewer sees the allowed example',
      )
      await sleep(200)
      expect(candidate.records.has('shape:ex-allowed')).toBe(true)
      const fresh = board(server, session.id, token('observer'))
      await fresh.y.synced
      expect(fresh.records.has('shape:ex-allowed')).toBe(true)
      expect(fresh.records.has('shape:ex-pasted')).toBe(false)
    } finally {
      cleanUp()
    }
  })

  it('lets an observer write nothing at all', async () => {
    const { server, session, token, interviewer } = await setUp()
    try {
      const observer = board(server, session.id, token('observer'))
      await observer.y.synced
      observer.records.delete('shape:a')
      observer.records.delete('shape:box')
      await waitFor(
        () => server.logs().filter((l) => l.msg === 'dropped read-only update').length >= 1,
        "the server drops the observer's update",
      )
      await sleep(200)
      expect(interviewer.records.has('shape:a')).toBe(true)
      expect(interviewer.records.has('shape:box')).toBe(true)
      const fresh = board(server, session.id, token('interviewer'))
      await fresh.y.synced
      expect(fresh.records.size).toBe(3)
    } finally {
      cleanUp()
    }
  })
})
