import {
  type Ack,
  type ClientEventName,
  type CreateSessionResponse,
  clientEventSchemas,
  type PrivateState,
} from '@roofline/shared'
import { defaultTemplateId } from '@roofline/templates'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { fuzzSeed, jsonValue, makeRng, mutatePayload, type Rng } from '../support/fuzz.ts'
import { deepJsonText } from '../support/hostilePayloads.ts'
import { openRawControl } from '../support/rawControl.ts'
import {
  type LogLine,
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { waitFor } from '../support/yClient.ts'

/**
 * Fuzzes every socket.io control event with seeded random and damaged payloads through the
 * real socket.io client, then the transport itself with malformed raw packets. Each event is
 * answered (a refusal with a reason, or the result of a valid command), each refusal is
 * logged, the server stays up and a session next door is untouched.
 */

const SEED = fuzzSeed(90_125)
const EVENTS = 600
const RAW_PACKETS = 240
const MAX_CONTROL_BYTES = 64 * 1024
/** Log messages of the control plane's refusals of single events. */
const EVENT_REFUSALS = new Set(['refused event', 'refused invalid event', 'refused command'])
const CLIENT_EVENTS = Object.keys(clientEventSchemas) as ClientEventName[]
/** Names that are not events, some of them inherited properties of a plain object. */
const UNKNOWN_EVENTS = [
  'error',
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'session:state',
  'session:private',
  '<script>alert(1)</script>',
  '',
  'x'.repeat(300),
  'TIMER:COMMAND',
  'timer:command ',
]

describe('fuzzing the control plane', () => {
  let server: ServerProcess
  let dataDir: string
  let target: CreateSessionResponse
  let bystander: CreateSessionResponse
  let bystanderClient: ControlClient
  const clients: ControlClient[] = []

  beforeAll(async () => {
    dataDir = makeDataDir()
    // The fuzz sends far faster than the event rate limit allows; rateLimit.test.ts tests that.
    server = await startServerProcess(dataDir, {
      ROOFLINE_MAX_CONTROL_EVENTS_PER_SECOND: '1000000',
      ROOFLINE_MAX_CONTROL_BYTES: String(MAX_CONTROL_BYTES),
    })
    target = await createSession(server.url)
    bystander = await createSession(server.url, { names: { interviewer: 'Calm', candidate: 'Quiet' } })
    bystanderClient = await connectControlClient(
      server.url,
      bystander.id,
      tokenOf(bystander.links.interviewer),
    )
    clients.push(bystanderClient)
    await waitFor(() => bystanderClient.states.length > 0, 'bystander state')
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    await server.stop('SIGKILL')
    removeDataDir(dataDir)
  })

  it(`answers each of ${EVENTS} fuzzed events (seed ${SEED}) and logs every refusal`, async () => {
    const seats = await Promise.all(
      (['interviewer', 'candidate', 'observer'] as const).map(async (role) => {
        const client = await connectControlClient(server.url, target.id, tokenOf(target.links[role]))
        clients.push(client)
        await waitFor(() => client.states.length > 0 && client.privates.length > 0, `${role} state`)
        return client
      }),
    )
    const [interviewer] = seats as [ControlClient, ...ControlClient[]]
    const seeds = validSeeds(interviewer.privates.at(-1) ?? null, defaultTemplateId)
    const rng = makeRng(SEED)
    const tally = { refused: 0, accepted: 0, unacknowledged: 0 }

    for (let n = 0; n < EVENTS; n++) {
      const client = rng.pick(seats)
      const event = rng.chance(0.8) ? rng.pick(CLIENT_EVENTS) : rng.pick(UNKNOWN_EVENTS)
      const payload = fuzzPayload(rng, event, seeds)
      const known = (CLIENT_EVENTS as string[]).includes(event)
      const valid = known && clientEventSchemas[event as ClientEventName].safeParse(payload).success
      // A valid end or link replacement would end the fuzz target itself; both have their own tests.
      if (valid && (event === 'session:end' || event === 'link:rotate')) continue
      const mode = rng.int(20)
      if (mode === 0) {
        client.socket.emit(event, payload)
        tally.unacknowledged++
        continue
      }
      const args = mode === 1 ? [payload, jsonValue(rng, 1)] : mode === 2 ? [] : [payload]
      const ack = (await client.socket.timeout(5000).emitWithAck(event, ...args)) as Ack<unknown>
      expect(typeof ack.ok, `${event} ${JSON.stringify(payload)?.slice(0, 200)}`).toBe('boolean')
      if (ack.ok) {
        expect(valid && args.length === 1, `accepted ${event} ${JSON.stringify(payload)}`).toBe(true)
        tally.accepted++
      } else {
        expect(ack.error.length).toBeGreaterThan(0)
        tally.refused++
      }
    }

    const refusalLines = () =>
      server.logs().filter((line) => line.session === target.id && EVENT_REFUSALS.has(line.msg))
    const expected = tally.refused + tally.unacknowledged
    await waitFor(() => refusalLines().length >= expected, 'a log line for every refusal')
    expect(refusalLines().length).toBe(expected)
    expect(refusalLines().every((line) => typeof line.reason === 'string' && line.reason.length > 0)).toBe(
      true,
    )
    expect(serverErrors(server.logs())).toEqual([])
    // Nobody was thrown out by the fuzz.
    for (const client of seats) expect(client.socket.connected).toBe(true)
    expect(tally.refused).toBeGreaterThan(EVENTS / 2)
    console.info(`control fuzz, seed ${SEED}:`, tally)
  })

  it(`survives ${RAW_PACKETS} malformed raw socket.io packets, each refusal closing or answering with a logged reason`, async () => {
    const raw = await createSession(server.url)
    const token = tokenOf(raw.links.interviewer)
    const rng = makeRng(SEED + 1)
    const logsBefore = server.logs().length
    const tally = { closed: 0, refusedAck: 0, answered: 0 }
    for (let n = 0; n < RAW_PACKETS; n++) {
      const client = await openRawControl(server.url, raw.id, token)
      const frames = rawPacket(rng)
      for (const frame of frames) client.socket.send(frame)
      // Neither answered nor closed would mean a packet silently swallowed: a failure.
      const alive = await client.probe(900).catch((error: Error) => {
        throw new Error(`${error.message}, after ${String(frames[0]).slice(0, 100)}`)
      })
      if (!alive) {
        tally.closed++
        continue
      }
      const ack = client.ackOf(1) as { ok?: boolean } | undefined
      if (ack?.ok === false) tally.refusedAck++
      else tally.answered++
      client.socket.close()
      await client.closed
    }
    const newLines = () => server.logs().slice(logsBefore)
    const closedLines = () =>
      newLines().filter((line) => line.msg === 'control connection closed' && line.level === 40)
    const ackLines = () =>
      newLines().filter((line) => line.session === raw.id && EVENT_REFUSALS.has(line.msg))
    await waitFor(
      () => closedLines().length >= tally.closed && ackLines().length >= tally.refusedAck,
      'a log line for every closed connection and refused event',
    )
    expect(closedLines().length).toBe(tally.closed)
    expect(closedLines().every((line) => typeof line.reason === 'string')).toBe(true)
    expect(ackLines().length).toBeGreaterThanOrEqual(tally.refusedAck)
    expect(serverErrors(server.logs())).toEqual([])
    expect(tally.closed).toBeGreaterThan(RAW_PACKETS / 4)
    console.info(`raw control fuzz, seed ${SEED + 1}:`, tally)
  }, 50_000)

  it('leaves the session next door untouched and working, and the server up', async () => {
    const state = bystanderClient.latest()
    expect(state?.timer.status).toBe('idle')
    expect(state?.revealed).toEqual([])
    expect(state?.participants.map((p) => p.name).sort()).toEqual(['Calm', 'Quiet'])
    expect(bystanderClient.socket.connected).toBe(true)
    expect(await bystanderClient.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
    expect(server.child.exitCode).toBeNull()
    expect((await fetch(`${server.url}/api/health`)).ok).toBe(true)
  })
})

/** Error-level lines: a fuzzed input must never make the server fail, only refuse. */
function serverErrors(lines: LogLine[]): LogLine[] {
  return lines.filter((line) => line.level >= 50)
}

type Seeds = Record<ClientEventName, Array<Record<string, unknown>>>

/** One or more valid payloads per event, using the session's own card and rubric ids. */
function validSeeds(secret: PrivateState | null, templateId: string): Seeds {
  const cardId = secret?.cards[0]?.id ?? 'card'
  const criterionId = secret?.rubric[0]?.id ?? 'criterion'
  return {
    'timer:command': [{ command: 'start' }, { command: 'pause' }, { command: 'extend', minutes: 5 }],
    'card:reveal': [{ itemId: cardId }],
    'session:swap': [{}],
    'session:template': [{ templateId }],
    'session:examples': [{ allowed: true }, { allowed: false }],
    'session:end': [{}],
    'note:add': [{ text: '<script>alert("note")</script>' }],
    'score:set': [{ criterionId, score: 3, comment: '<b>bold</b>' }],
    'verdict:set': [
      { summary: '<script>alert("verdict")</script>', recommendation: 'almost' },
      { summary: '', recommendation: null },
    ],
    'link:rotate': [{ seat: 'observer' }],
    'clock:ping': [{ clientSentAt: 1 }],
    'room:gather': [{ boardUserId: '<img src=x onerror=alert(1)>' }],
    'voice:record': [{ on: true }, { on: false }],
    'voice:allow': [{ seat: 'observer', allowed: true }],
  }
}

function fuzzPayload(rng: Rng, event: string, seeds: Seeds): unknown {
  const own = Object.hasOwn(seeds, event) ? seeds[event as ClientEventName] : [{}]
  const seed = rng.pick(own)
  if (rng.chance(0.1)) return seed
  if (rng.chance(0.05)) return { ...seed, blob: Buffer.from(rng.bytes(rng.int(64))) }
  return rng.chance(0.6) ? mutatePayload(rng, seed) : jsonValue(rng)
}

/**
 * One malformed exchange as raw frames (engine.io "4" = message, then socket.io's type:
 * "0" connect, "1" disconnect, "2" event, "3" ack, "5" binary event). Ack id 1 where there
 * is one; the probe that follows uses 900.
 */
function rawPacket(rng: Rng): Array<string | Buffer> {
  const valid = rng.pick([
    '421["timer:command",{"command":"start"}]',
    '421["note:add",{"text":"hello"}]',
    '421["clock:ping",{"clientSentAt":1}]',
  ])
  const makers: Array<() => Array<string | Buffer>> = [
    () => [valid.slice(0, 1 + rng.int(valid.length - 1))],
    () => [String.fromCharCode(...Array.from({ length: 1 + rng.int(60) }, () => 32 + rng.int(95)))],
    () => [`${rng.pick(['7', '8', '9', 'x', '', ' '])}${valid.slice(1)}`],
    () => [`4${rng.pick(['7', '9', 'x', '-', '6'])}${valid.slice(2)}`],
    () => [rng.pick(['42{"a":1}', '42"str"', '42[]', '421[1]', '421[null]', '421[{"x":1}]', '421', '42['])],
    () => [`421["note:add",${'['.repeat(2000 + rng.int(6000))}`],
    () => [rng.pick(['42["disconnect"]', '42["connect"]', '421["error","boom"]', '421["newListener","x"]'])],
    () => [rng.pick(['43999[1]', '431[]', '43x', '40{"sessionId":"other","token":"x"}', '44"no"'])],
    () => [rng.pick(['1', '6', '3', '5', '2probe', '0'])],
    () => ['451-["note:add",{"_placeholder":true,"num":0}]', Buffer.from(rng.bytes(1 + rng.int(30)))],
    () => ['452-["note:add",{"_placeholder":true,"num":0}]', Buffer.from(rng.bytes(4))],
    () => ['451-["note:add",{"_placeholder":true,"num":7}]', Buffer.from(rng.bytes(4))],
    () => [Buffer.from(rng.bytes(1 + rng.int(40)))],
    () => [`421["note:add",{"text":"${'x'.repeat(MAX_CONTROL_BYTES)}"}]`],
    () => [`421["clock:ping",${JSON.stringify(jsonValue(rng))}]`],
    // Complete values nested up to 50,000 deep (five times what took the server down, issue
    // 17): as a payload, as the event name, as an error; the deepest are over the size limit.
    () => [
      `421["${rng.pick(['note:add', 'clock:ping', 'score:set'])}",${deepJsonText(1 + rng.int(50_000))}]`,
    ],
    () => [`421[${deepJsonText(1 + rng.int(50_000))},{"clientSentAt":1}]`],
    () => [`42["error",${deepJsonText(1 + rng.int(50_000))}]`],
  ]
  return rng.pick(makers)()
}
