import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { type AwarenessEntry, encodeAwarenessEntries } from './awarenessOwnership.ts'
import type { Connection, Principal } from './room.ts'
import { CloseCode, RoomLifecycle } from './roomLifecycle.ts'

const editor: Principal = { role: 'editor', canWrite: true }

/** A connection that remembers how it was closed. */
function connection(id: string): Connection & { closed: string | null } {
  return {
    id,
    principal: editor,
    closed: null,
    send() {},
    close(code: number, reason: string) {
      this.closed = `${code} ${reason}`
    },
  }
}

function message(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // awareness
  encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries))
  return encoding.toUint8Array(encoder)
}

const named = (name: string) => JSON.stringify({ presence: { userName: name } })

async function room() {
  const warnings: string[] = []
  const logger = { info() {}, warn: (_: object, msg: string) => warnings.push(msg), error() {} }
  const lifecycle = new RoomLifecycle({
    extensions: [{ onAuthenticate: async () => editor }],
    logger,
    idleMs: 10_000,
  })
  const a = connection('a')
  const b = connection('b')
  const joined = await lifecycle.join('r', a)
  await lifecycle.join('r', b)
  const nameOf = (client: number) =>
    (joined.awareness.getStates().get(client) as { presence?: { userName?: string } } | undefined)?.presence
      ?.userName
  return { lifecycle, room: joined, a, b, nameOf, warnings }
}

describe('awareness ownership', () => {
  it('lets a connection introduce, update and remove its own ids', async () => {
    const { lifecycle, room: r, a, nameOf } = await room()
    lifecycle.receive(r, a, message([{ client: 1, clock: 1, state: named('Ann') }]))
    lifecycle.receive(r, a, message([{ client: 1, clock: 2, state: named('Ann B.') }]))
    expect(nameOf(1)).toBe('Ann B.')
    lifecycle.receive(r, a, message([{ client: 1, clock: 3, state: 'null' }]))
    expect(r.awareness.getStates().has(1)).toBe(false)
    expect(a.closed).toBeNull()
  })

  it('ignores an echo of another connection’s state, and drops and reports a change of it', async () => {
    const { lifecycle, room: r, a, b, nameOf, warnings } = await room()
    lifecycle.receive(r, a, message([{ client: 1, clock: 5, state: named('Ann') }]))
    // Stock y-websocket clients send back every state they receive: same clock, no offence.
    lifecycle.receive(r, b, message([{ client: 1, clock: 5, state: named('Ann') }]))
    expect(warnings).toEqual([])
    lifecycle.receive(r, b, message([{ client: 1, clock: 6, state: named('Spoofed') }]))
    lifecycle.receive(r, b, message([{ client: 1, clock: 7, state: 'null' }]))
    expect(nameOf(1)).toBe('Ann')
    expect(warnings).toEqual(['refused awareness change', 'refused awareness change'])
    expect(b.closed).toBeNull()
  })

  it('refuses a connection that speaks for more ids than it may introduce', async () => {
    const { lifecycle, room: r, a } = await room()
    const entries = [1, 2, 3].map((client) => ({ client, clock: 1, state: named(`fake ${client}`) }))
    lifecycle.receive(r, a, message(entries))
    expect(a.closed).toMatch(new RegExp(`^${CloseCode.protocolError} .*at most 2 awareness client ids`))
    expect(r.awareness.getStates().size).toBe(0)
  })

  it('frees the ids of a connection that left, for its client to take again', async () => {
    const { lifecycle, room: r, a, b, nameOf } = await room()
    lifecycle.receive(r, a, message([{ client: 1, clock: 1, state: named('Ann') }]))
    lifecycle.leave(r, a)
    lifecycle.receive(r, b, message([{ client: 1, clock: 3, state: named('Ann again') }]))
    expect(nameOf(1)).toBe('Ann again')
  })
})
