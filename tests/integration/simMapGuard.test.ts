import { boardDocKeys, YRecordMap } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { useServerProcesses } from '../support/processFixture.ts'
import type { ServerProcess } from '../support/serverProcess.ts'
import { createSession, type LinkRole, tokenOf } from '../support/sessionApi.ts'
import { waitFor, type YClient } from '../support/yClient.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** The room's simulation map, as `client/src/sim/simDoc.ts` writes it. */
const simOf = (client: YClient) => client.doc.getMap<unknown>(boardDocKeys.sim)
/** The board's records in the same doc: what the candidate may write. */
const recordMaps = new WeakMap<YClient, YRecordMap<string>>()
function recordsOf(client: YClient): YRecordMap<string> {
  const made = recordMaps.get(client) ?? new YRecordMap<string>(client.doc.getArray(boardDocKeys.records))
  recordMaps.set(client, made)
  return made
}

/** Resolves with the close code of `client`'s next closed connection, or 'open' after `ms`. */
function nextClose(client: YClient, ms = 5000): Promise<number | undefined | 'open'> {
  return new Promise((resolve) => {
    const onClose = (event: { code?: number } | null) => {
      clearTimeout(timer)
      client.provider.off('connection-close', onClose)
      // The stock provider would reconnect and send the same write again: stop it here.
      client.provider.shouldConnect = false
      resolve(event?.code)
    }
    const timer = setTimeout(() => {
      client.provider.off('connection-close', onClose)
      resolve('open')
    }, ms)
    client.provider.on('connection-close', onClose)
  })
}

describe('the server keeps the simulation map the runner’s to write', { timeout: 60_000 }, () => {
  const fixture = useServerProcesses()
  const controls: ControlClient[] = []

  async function setUp(mode: 'interview' | 'peer' = 'interview') {
    const server = await fixture.start(fixture.dataDir())
    const session = await createSession(server.url, mode === 'peer' ? { mode: 'peer' } : {})
    const token = (role: LinkRole) => tokenOf(session.links[role])
    const join = async (role: LinkRole, on: ServerProcess = server) => {
      const client = fixture.client(on, session.id, { token: token(role) })
      await client.synced
      return client
    }
    return { server, session, token, join }
  }

  /** The interviewer starts a run as `startRun` does: inputs, then progress, and a nested map to reach into. */
  function interviewerRuns(interviewer: YClient) {
    interviewer.doc.transact(() => {
      const sim = simOf(interviewer)
      sim.set('run', { id: 'run-1', by: 'Ada' })
      sim.set('progress', { runId: 'run-1', fraction: 0.25 })
      sim.set('nested', new Y.Map<unknown>())
    })
  }

  it("refuses the candidate's overwrite, delete and nested write: nobody sees them, nothing is stored", async () => {
    const { server, session, token, join } = await setUp()
    const interviewer = await join('interviewer')
    interviewerRuns(interviewer)
    const attempts: Array<[string, (sim: Y.Map<unknown>) => void]> = [
      // An overwrite: Yjs writes the parent of the new value by its neighbour, not by name.
      ['overwrite', (sim) => sim.set('run', { id: 'forged', by: 'Ben' })],
      ['delete', (sim) => sim.delete('progress')],
      ['nested', (sim) => (sim.get('nested') as Y.Map<unknown>).set('x', 'forged')],
      ['new key', (sim) => sim.set('outcome', { runId: 'run-1', kind: 'cancelled', by: 'Ben' })],
    ]
    for (const [what, write] of attempts) {
      const candidate = await join('candidate')
      await waitFor(() => simOf(candidate).get('run') !== undefined, `the candidate sees the run (${what})`)
      // Negative control on the same connection: an ordinary board write goes through.
      recordsOf(candidate).set(`shape:${what}`, `shape of ${what}`)
      await waitFor(
        () => recordsOf(interviewer).get(`shape:${what}`) === `shape of ${what}`,
        `the candidate's board write reaches the interviewer (${what})`,
      )
      const closed = nextClose(candidate)
      write(simOf(candidate))
      expect(await closed, what).toBe(1008)
      candidate.destroy()
    }
    await sleep(300)
    const expected = { run: { id: 'run-1', by: 'Ada' }, progress: { runId: 'run-1', fraction: 0.25 } }
    expect(simOf(interviewer).get('run')).toEqual(expected.run)
    expect(simOf(interviewer).get('progress')).toEqual(expected.progress)
    expect(simOf(interviewer).has('outcome')).toBe(false)
    expect((simOf(interviewer).get('nested') as Y.Map<unknown>).size).toBe(0)
    const refusals = server.logs().filter((l) => l.msg === 'refused simulation write')
    expect(refusals).toHaveLength(attempts.length)
    expect(refusals[0]).toMatchObject({ room: session.id, seat: 'guest' })

    // What the server stored, as a newcomer to a restarted server gets it.
    const dataDir = server.dataDir
    interviewer.destroy()
    await server.stop('SIGTERM')
    const again = await fixture.start(dataDir)
    const after = fixture.client(again, session.id, { token: token('observer') })
    await after.synced
    expect(simOf(after).get('run')).toEqual(expected.run)
    expect(simOf(after).get('progress')).toEqual(expected.progress)
    expect(simOf(after).has('outcome')).toBe(false)
    expect((simOf(after).get('nested') as Y.Map<unknown>).size).toBe(0)
    const stored = recordsOf(after)
    expect(attempts.map(([what]) => stored.get(`shape:${what}`))).toEqual(
      attempts.map(([what]) => `shape of ${what}`),
    )
  })

  it('refuses a candidate who writes the map before any run, and lets the interviewer write', async () => {
    const { server, join } = await setUp()
    const interviewer = await join('interviewer')
    const candidate = await join('candidate')
    const closed = nextClose(candidate)
    simOf(candidate).set('run', { id: 'forged', by: 'Ben' })
    expect(await closed).toBe(1008)
    interviewerRuns(interviewer)
    const observer = await join('observer')
    await waitFor(() => simOf(observer).get('run') !== undefined, "the observer sees the interviewer's run")
    expect(simOf(observer).get('run')).toEqual({ id: 'run-1', by: 'Ada' })
    expect(server.logs().filter((l) => l.msg === 'refused simulation write')).toHaveLength(1)
  })

  it('lets either peer write in a peer session, before and after a swap', async () => {
    const { server, session, token, join } = await setUp('peer')
    const mia = await join('interviewer')
    const raj = await join('candidate')
    interviewerRuns(mia)
    await waitFor(() => simOf(raj).get('run') !== undefined, 'Raj sees the run')
    simOf(raj).set('progress', { runId: 'run-1', fraction: 0.5 })
    await waitFor(
      () => (simOf(mia).get('progress') as { fraction: number }).fraction === 0.5,
      "Raj's write (the candidate peer) reaches Mia",
    )
    const miaControl = await connectControlClient(server.url, session.id, token('interviewer'))
    controls.push(miaControl)
    try {
      await waitFor(() => miaControl.states.length > 0, 'the control client receives the state')
      expect(await miaControl.send('session:swap', {})).toMatchObject({ ok: true })
      await waitFor(() => miaControl.latest()?.you.role === 'candidate', 'Mia is the candidate now')
      // Mia's run goes on after the swap: its outcome still lands.
      simOf(mia).set('outcome', { runId: 'run-1', kind: 'cancelled', by: 'Mia' })
      await waitFor(() => simOf(raj).has('outcome'), "Mia's outcome reaches Raj after the swap")
      expect(server.logs().some((l) => l.msg === 'refused simulation write')).toBe(false)
    } finally {
      for (const c of controls.splice(0)) c.close()
    }
  })
})
