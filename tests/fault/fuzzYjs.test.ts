import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { byteMutations, fuzzSeed, makeRng, type Rng } from '../support/fuzz.ts'
import {
  awarenessMessage,
  DeepContent,
  type DeepContentKind,
  deepContentUpdate,
  deepJsonText,
  manyRootsUpdate,
} from '../support/hostilePayloads.ts'
import {
  envelope,
  openRawClient,
  syncMessage,
  syncUpdateMessage,
  YMessage,
  YSync,
} from '../support/rawYjs.ts'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

/**
 * Fuzzes the Yjs endpoint with seeded random, truncated, damaged, oversized and mistyped
 * messages, each on its own connection followed by a probe (a sync step 1, which the server
 * answers). Every payload must end one of two ways: refused (the server closes with 1002 or
 * 1009 and logs a reason), or accepted as a valid message (the probe is answered). Meanwhile
 * a room next door keeps syncing, and afterwards the fuzzed rooms still load and serve.
 */

const SEED = fuzzSeed(20_240_817)
const PAYLOADS = 700
const ROOMS = 40
const CONCURRENCY = 6
/** Room for values nested up to 50,000 deep (up to four bytes a level) below the size limit. */
const LIMIT = 256 * 1024
/** The deepest nesting fuzzed: five times what took the server down (issue 17). */
const MAX_DEPTH = 50_000
/** Log messages of the server's refusals on the board endpoint. */
const REFUSALS = new Set(['refused message', 'update failed to apply', 'board connection error'])

type Payload = { kind: string; data: Uint8Array | string }

/** Valid client messages of every kind, to damage. */
function validMessages(): Uint8Array[] {
  const doc = new Y.Doc()
  records(doc).set('shape:a', { label: '<script>alert(1)</script>', x: 1 })
  doc.getText('text').insert(0, 'hello world', { bold: true })
  doc.getArray('list').push([1, 'two', { three: 3 }, new Uint8Array([4])])
  const before = Y.encodeStateVector(doc)
  doc.getText('text').delete(2, 5)
  records(doc).delete('shape:a')
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ user: { name: '"><img src=x onerror=alert(1)>', color: '#f00' } })
  const messages = [
    syncMessage(YSync.step1, Y.encodeStateVector(doc)),
    syncMessage(YSync.step2, Y.encodeStateAsUpdate(doc)),
    syncMessage(YSync.update, Y.encodeStateAsUpdate(doc, before)),
    envelope(YMessage.awareness, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])),
    new Uint8Array([YMessage.queryAwareness]),
  ]
  awareness.destroy()
  return messages
}

/** An awareness message whose one state is not JSON. */
function badAwarenessJson(rng: Rng): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, rng.int(2 ** 31))
  encoding.writeVarUint(encoder, rng.int(100))
  encoding.writeVarString(encoder, rng.pick(['{"user":', 'undefined', '{"a":1}}', "{'single':1}", '']))
  return envelope(YMessage.awareness, encoding.toUint8Array(encoder))
}

function makePayloads(rng: Rng, count: number): Payload[] {
  const valid = validMessages()
  const contentKinds = Object.keys(DeepContent) as DeepContentKind[]
  const mutations = Object.entries(byteMutations)
  const damaged = (): Payload => {
    const [name, mutate] = rng.pick(mutations)
    let data = mutate(rng, rng.pick(valid))
    // Now and then a second blow, for damage no single mutation makes.
    if (rng.chance(0.3)) data = rng.pick(mutations)[1](rng, data)
    return { kind: `valid message, ${name}`, data }
  }
  const makers: Array<() => Payload> = [
    // Damaged valid messages get the most tries: they reach deepest into the decoders.
    damaged,
    damaged,
    damaged,
    damaged,
    damaged,
    () => ({ kind: 'random bytes', data: rng.bytes(rng.int(300)) }),
    () => ({ kind: 'garbage update', data: syncMessage(rng.pick([1, 2]), rng.bytes(1 + rng.int(120))) }),
    () => ({ kind: 'garbage state vector', data: syncMessage(YSync.step1, rng.bytes(1 + rng.int(40))) }),
    () => ({ kind: 'garbage awareness', data: envelope(YMessage.awareness, rng.bytes(1 + rng.int(60))) }),
    () => ({ kind: 'awareness state not JSON', data: badAwarenessJson(rng) }),
    () => ({
      kind: 'huge length prefix',
      data: new Uint8Array([0, rng.pick([0, 1, 2]), 0xff, 0xff, 0xff, 0xff, 0x0f, ...rng.bytes(rng.int(8))]),
    }),
    () => ({
      kind: 'unknown message type',
      data: new Uint8Array([4 + rng.int(120), ...rng.bytes(rng.int(8))]),
    }),
    () => ({ kind: 'unknown sync type', data: new Uint8Array([0, 3 + rng.int(120), 0]) }),
    () => ({ kind: 'empty message', data: new Uint8Array(0) }),
    () => ({ kind: 'text message', data: String.fromCharCode(...rng.bytes(1 + rng.int(40))) }),
    () => ({ kind: 'oversized message', data: rng.bytes(LIMIT + 1 + rng.int(LIMIT)) }),
    () => ({
      kind: 'content nested deep',
      data: syncUpdateMessage(
        deepContentUpdate(rng.pick(contentKinds), 1 + rng.int(MAX_DEPTH), rng.pick(['test-records', 'text'])),
      ),
    }),
    () => ({
      kind: 'awareness nested deep',
      data: awarenessMessage([
        { client: rng.int(2 ** 31), clock: 1, state: deepJsonText(1 + rng.int(MAX_DEPTH)) },
      ]),
    }),
    // Each root type a few bytes: up to 8,000 of them (64,000 stalled the server for 15 s).
    () => ({ kind: 'many root types', data: syncUpdateMessage(manyRootsUpdate(1 + rng.int(8000))) }),
  ]
  return Array.from({ length: count }, () => rng.pick(makers)())
}

type Outcome =
  | { kind: string; room: string; result: 'accepted' }
  | { kind: string; room: string; result: 'refused'; code: number }

/**
 * Sends one payload then a probe on a fresh connection. Messages are handled in order and
 * nothing after a refusal is read, so a sync step 2 arriving means the payload was accepted.
 */
async function fuzzOnce(wsUrl: string, room: string, payload: Payload): Promise<Outcome> {
  const client = openRawClient(`${wsUrl}/${room}`)
  await client.opened
  const answered = new Promise<void>((resolve) =>
    client.socket.on('message', (data: Buffer) => {
      if (data[0] === YMessage.sync && data[1] === YSync.step2) resolve()
    }),
  )
  client.socket.send(payload.data, { binary: typeof payload.data !== 'string' })
  client.socket.send(syncMessage(YSync.step1, new Uint8Array([0])))
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref())
  const first = await Promise.race([answered.then(() => 'answered' as const), client.closed, timeout])
  if (first === 'timeout') throw new Error(`no answer to ${payload.kind} in ${room}`)
  if (first === 'answered') {
    client.socket.close()
    await client.closed
    return { kind: payload.kind, room, result: 'accepted' }
  }
  return { kind: payload.kind, room, result: 'refused', code: first.code }
}

describe('fuzzing the Yjs endpoint', () => {
  let server: ServerProcess
  let dataDir: string
  const bystanders: YClient[] = []
  const outcomes: Outcome[] = []

  beforeAll(async () => {
    dataDir = makeDataDir()
    server = await startServerProcess(dataDir, { ROOFLINE_MAX_MESSAGE_BYTES: String(LIMIT) })
  })
  afterAll(async () => {
    for (const client of bystanders) client.destroy()
    await server.stop('SIGKILL')
    removeDataDir(dataDir)
  })

  it(`refuses or accepts each of ${PAYLOADS} payloads (seed ${SEED}) while the next room keeps syncing`, async () => {
    const writer = connectClient(server.wsUrl, 'bystander')
    const reader = connectClient(server.wsUrl, 'bystander')
    bystanders.push(writer, reader)
    await Promise.all([writer.synced, reader.synced])
    let written = 0
    const writing = setInterval(() => records(writer.doc).set(`k${written}`, { n: written++ }), 20)

    const payloads = makePayloads(makeRng(SEED), PAYLOADS)
    let next = 0
    const worker = async () => {
      for (let i = next++; i < payloads.length; i = next++) {
        outcomes.push(await fuzzOnce(server.wsUrl, `fuzz-${i % ROOMS}`, payloads[i] as Payload))
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    clearInterval(writing)

    expect(server.child.exitCode).toBeNull()
    expect((await fetch(`${server.url}/api/health`)).ok).toBe(true)
    const refused = outcomes.filter((o) => o.result === 'refused')
    expect(new Set(refused.map((o) => (o.result === 'refused' ? o.code : 0)))).toEqual(new Set([1002, 1009]))
    for (const o of refused) {
      if (o.result === 'refused') expect(o.code, o.kind).toBe(o.kind === 'oversized message' ? 1009 : 1002)
    }
    // The room next door saw every write, in full.
    await waitFor(() => records(reader.doc).size === written, 'bystander converged')
    for (let n = 0; n < written; n++) expect(records(reader.doc).get(`k${n}`)).toEqual({ n })
    expect(written).toBeGreaterThan(10)
    summarize(outcomes)
  }, 50_000)

  it('logs every refusal with its reason, room by room', async () => {
    const refusedIn = (room: string) =>
      outcomes.filter((o) => o.room === room && o.result === 'refused').length
    const loggedIn = (room: string) =>
      server.logs().filter((line) => line.room === room && REFUSALS.has(line.msg) && line.reason).length
    const rooms = Array.from({ length: ROOMS }, (_, i) => `fuzz-${i}`)
    await waitFor(() => rooms.every((room) => loggedIn(room) >= refusedIn(room)), 'refusal log lines', 5000)
    for (const room of rooms) expect(loggedIn(room), room).toBe(refusedIn(room))
    expect(server.logs().filter((line) => line.level >= 50)).toEqual([])
  })

  it('still serves every fuzzed room, before and after a restart', async () => {
    const check = async () => {
      for (let i = 0; i < ROOMS; i++) {
        const client = connectClient(server.wsUrl, `fuzz-${i}`)
        await client.synced
        client.destroy()
      }
    }
    await check()
    expect(await server.stop('SIGTERM')).toBe(0)
    server = await startServerProcess(dataDir, { ROOFLINE_MAX_MESSAGE_BYTES: String(LIMIT) })
    await check()
    expect(server.logs().filter((line) => line.level >= 50)).toEqual([])
  }, 50_000)
})

/** Prints how many payloads of each kind were refused or accepted: the report's numbers. */
function summarize(outcomes: Outcome[]): void {
  const table: Record<string, { refused: number; accepted: number }> = {}
  for (const o of outcomes) {
    table[o.kind] ??= { refused: 0, accepted: 0 }
    ;(table[o.kind] as { refused: number; accepted: number })[o.result]++
  }
  console.info(`Yjs fuzz, seed ${SEED}:`, table)
}
