import { describe, expect, it } from 'vitest'
import { useServerProcesses } from '../support/processFixture.ts'
import { records, waitFor } from '../support/yClient.ts'

/**
 * The durability promise under a crash: the server relays an update only after storing it,
 * so whatever any client has received from it survives SIGKILL in the middle of a burst of
 * writes from several clients in several rooms, snapshots included.
 */
const ROOMS = 3
const WRITERS_PER_ROOM = 3
/** The kill comes once every watcher has seen this many updates. */
const SEEN_BEFORE_KILL = 200

describe('SIGKILL in the middle of a burst', () => {
  // A burst heavier than one client may send in normal use; the limit is tested apart.
  const fixture = useServerProcesses({
    ROOFLINE_SNAPSHOT_EVERY: '50',
    ROOFLINE_MAX_MESSAGES_PER_SECOND: '1000000',
  })

  it('loses nothing any client had received: writers, watchers, every room', async () => {
    const dataDir = fixture.dataDir()
    const first = await fixture.start(dataDir)
    const rooms = Array.from({ length: ROOMS }, (_, r) => ({
      id: `burst-${r}`,
      writers: Array.from({ length: WRITERS_PER_ROOM }, () => fixture.client(first, `burst-${r}`)),
      watcher: fixture.client(first, `burst-${r}`),
    }))
    const firstClients = rooms.flatMap((room) => [...room.writers, room.watcher])
    await Promise.all(firstClients.map((c) => c.synced))

    let stop = false
    let attempted = 0
    const bursts = rooms.flatMap((room) =>
      room.writers.map(async (writer, w) => {
        // Bursts of 5 with a short pause: as fast as the watchers (in this process too) can
        // still follow, so updates are in flight at every stage when the kill comes.
        for (let i = 0; !stop && i < 20_000; i++) {
          records(writer.doc).set(`w${w}:${i}`, { w, i, label: `node ${i} of writer ${w}` })
          attempted++
          if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 2))
        }
      }),
    )
    await waitFor(
      () => rooms.every((room) => records(room.watcher.doc).size >= SEEN_BEFORE_KILL),
      'every watcher saw a good part of the burst',
      30_000,
    )
    await first.stop('SIGKILL')
    // Let what the dead server had already sent arrive: it too had been stored first.
    await new Promise((resolve) => setTimeout(resolve, 200))
    stop = true
    await Promise.all(bursts)

    // What each client received from the server: everything but its own edits, which
    // prove nothing (a writer holds its unconfirmed writes).
    const received = rooms.map((room) => {
      const union = new Map<string, unknown>(records(room.watcher.doc).entries())
      room.writers.forEach((writer, w) => {
        for (const [key, value] of records(writer.doc).entries())
          if (!key.startsWith(`w${w}:`)) union.set(key, value)
      })
      return union
    })
    // The writers still hold edits never confirmed; they must not resend them to the new server.
    for (const c of firstClients) c.destroy()

    const second = await fixture.start(dataDir)
    let lost = 0
    for (const [r, room] of rooms.entries()) {
      const reader = fixture.client(second, room.id)
      await reader.synced
      const recovered = records(reader.doc)
      const expected = received[r] as Map<string, unknown>
      const missing = [...expected.keys()].filter((key) => !recovered.has(key))
      lost += missing.length
      expect(missing, room.id).toEqual([])
      for (const [key, value] of expected) expect(recovered.get(key)).toEqual(value)
      expect(expected.size).toBeGreaterThanOrEqual(SEEN_BEFORE_KILL)
    }
    const total = received.reduce((n, map) => n + map.size, 0)
    console.info(
      `crash: ${ROOMS * (WRITERS_PER_ROOM + 1)} clients, ${attempted} writes attempted, ` +
        `${total} received by some client before SIGKILL, ${lost} lost`,
    )
  }, 50_000)
})
