import { type CreateSessionResponse, timerView, tokenFromHash } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import { connectControlClient } from '../support/controlClient.ts'
import { useServerProcesses } from '../support/processFixture.ts'
import { records, waitFor } from '../support/yClient.ts'

/**
 * The durability promise: whatever any client has received from the server is stored, so a
 * new server process on the same data directory still has it, after a clean stop and after
 * SIGKILL. (SIGKILL in the middle of a burst of writes is in tests/fault/crash.test.ts.)
 */
describe('a restarted server process keeps the board', () => {
  const fixture = useServerProcesses({ ROOFLINE_SNAPSHOT_EVERY: '50' })
  const { start, client } = fixture

  it('after a graceful stop (SIGTERM) everything is there', async () => {
    const dataDir = fixture.dataDir()
    const first = await start(dataDir)
    const writer = client(first, 'graceful')
    const watcher = client(first, 'graceful')
    await Promise.all([writer.synced, watcher.synced])
    for (let i = 0; i < 120; i++) records(writer.doc).set(`shape:${i}`, { i, label: `node ${i}` })
    await waitFor(() => records(watcher.doc).size === 120, 'watcher received all 120')
    writer.destroy()
    watcher.destroy()
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(first.output()).toContain('shutting down')

    const second = await start(dataDir)
    const reader = client(second, 'graceful')
    await reader.synced
    expect(records(reader.doc).size).toBe(120)
    expect(records(reader.doc).get('shape:77')).toEqual({ i: 77, label: 'node 77' })
  })

  it('resumes a running interview timer on the same clock after SIGKILL', async () => {
    const dataDir = fixture.dataDir()
    const first = await start(dataDir)
    const created = (await (
      await fetch(`${first.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as CreateSessionResponse
    const token = tokenFromHash(new URL(created.links.interviewer).hash) ?? ''
    const before = await connectControlClient(first.url, created.id, token)
    await before.send('timer:command', { command: 'start' })
    await before.send('timer:command', { command: 'skip' })
    await waitFor(() => before.latest()?.timer.phaseIndex === 1, 'second phase')
    const timer = before.latest()?.timer
    before.close()
    await first.stop('SIGKILL')

    const second = await start(dataDir)
    const after = await connectControlClient(second.url, created.id, token)
    await waitFor(() => after.states.length > 0, 'state after restart')
    const restored = after.latest()?.timer
    if (!restored || !timer) throw new Error('no timer state')
    expect(restored).toEqual(timer)
    const now = Date.now()
    expect(timerView(restored, now).phaseLeftMs).toBe(timerView(timer, now).phaseLeftMs)
    expect(timerView(restored, now).status).toBe('running')
    after.close()
  })
})
