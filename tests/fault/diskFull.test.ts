import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerProcess, startServerProcess } from '../support/serverProcess.ts'
import { mountSmallDisk, type SmallDisk } from '../support/smallDisk.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

/**
 * The data directory's filesystem fills up (a real tmpfs, so SQLite gets ENOSPC as on a full
 * disk). A write that cannot be stored must fail loudly (an error log line), must not reach
 * anyone, and every client of the room must be told (close code 1011). Once space is freed
 * the clients reconnect, the writer's edit is stored and relayed, and what is stored equals
 * what the others received.
 */
const FAULT_VALUE = 'f'.repeat(32 * 1024)

describe('a full disk', () => {
  let disk: SmallDisk | null
  let server: ServerProcess | undefined
  const clients: YClient[] = []
  const client = (room: string) => {
    if (!server) throw new Error('no server')
    const c = connectClient(server.wsUrl, room)
    clients.push(c)
    return c
  }
  /** The close codes each client's provider has seen. */
  const closeCodes = new Map<YClient, number[]>()
  const watchCloses = (c: YClient) =>
    c.provider.on('connection-close', (event: CloseEvent | null) =>
      closeCodes.set(c, [...(closeCodes.get(c) ?? []), event?.code ?? 0]),
    )

  beforeAll(() => {
    disk = mountSmallDisk(8 * 1024 * 1024)
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.stop('SIGKILL')
    disk?.remove()
  })

  it('refuses, disconnects with 1011, relays nothing unstored, then recovers without loss', async (ctx) => {
    if (!disk) {
      console.warn('diskFull: cannot mount a tmpfs here (not root); the full-disk test is skipped')
      return ctx.skip()
    }
    const dataDir = path.join(disk.dir, 'data')
    const first = await startServerProcess(dataDir)
    server = first
    const [writer, other, watcher] = [client('full'), client('full'), client('full')]
    const [elsewhere, elsewhereWatcher] = [client('elsewhere'), client('elsewhere')]
    await Promise.all(clients.map((c) => c.synced))
    for (let i = 0; i < 20; i++) {
      records(writer.doc).set(`a:${i}`, { i })
      records(other.doc).set(`b:${i}`, { i })
    }
    await waitFor(() => records(watcher.doc).size === 40, 'baseline stored and relayed')
    for (const c of clients) watchCloses(c)

    disk.fill()
    records(writer.doc).set('fault:a', FAULT_VALUE)
    records(elsewhere.doc).set('fault:elsewhere', FAULT_VALUE)
    const toldAll = () =>
      [writer, other, watcher, elsewhere, elsewhereWatcher].every((c) => closeCodes.get(c)?.includes(1011))
    await waitFor(toldAll, 'every client of both rooms is told (1011)', 10_000)
    // Loudly: an error line naming the cause (it may trail the close frames on the wire).
    const storeFailed = () =>
      first
        .logs()
        .some(
          (line) => line.msg === 'store failed; room closed' && /full|no space left/i.test(String(line.err)),
        )
    await waitFor(storeFailed, 'the failed store is logged as an error naming the full disk')
    // The fault lasts: clients keep reconnecting and resending, and nothing unstored is relayed.
    const faultEnds = Date.now() + 1500
    await waitFor(() => Date.now() > faultEnds, 'fault window')
    expect(records(watcher.doc).has('fault:a')).toBe(false)
    expect(records(other.doc).has('fault:a')).toBe(false)
    expect(records(elsewhereWatcher.doc).has('fault:elsewhere')).toBe(false)
    expect((await fetch(`${first.url}/api/health`)).ok).toBe(true)

    disk.clear()
    await waitFor(
      () =>
        records(watcher.doc).get('fault:a') === FAULT_VALUE &&
        records(other.doc).get('fault:a') === FAULT_VALUE &&
        records(elsewhereWatcher.doc).get('fault:elsewhere') === FAULT_VALUE,
      'the writers’ edits are stored and relayed once space is back',
      15_000,
    )

    // What is stored is exactly what the others received.
    const received = records(watcher.doc).toJSON()
    const receivedElsewhere = records(elsewhereWatcher.doc).toJSON()
    const refusals = first.logs().filter((line) => line.msg === 'store failed; room closed').length
    await first.stop('SIGKILL')
    server = await startServerProcess(dataDir)
    const [reader, readerElsewhere] = [client('full'), client('elsewhere')]
    await Promise.all([reader.synced, readerElsewhere.synced])
    expect(records(reader.doc).toJSON()).toEqual(received)
    expect(records(readerElsewhere.doc).toJSON()).toEqual(receivedElsewhere)
    expect(Object.keys(received)).toHaveLength(41)
    console.info(`disk full: ${refusals} refused stores logged, every client told with 1011, 0 updates lost`)
  }, 50_000)
})
