import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Storage } from './storage.ts'
import { voiceContract } from './voiceContract.ts'

/**
 * A fresh, empty store to test and, for a backend that several server processes share, a way
 * to open another handle on it as a second process would (SQLite refuses a second handle).
 */
export interface StoreUnderTest {
  storage: Storage
  openAnother?: () => Promise<Storage>
}

/**
 * The storage contract suite: one set of tests every backend must pass.
 * Call it from a backend's own test file with a factory that opens a fresh, empty store;
 * `shared` says whether several handles (server processes) may use one store at once, which
 * adds the tests of handles racing each other (the factory must then give `openAnother`).
 *
 * @example storageContract('postgresql', async () => ({ storage: await open(url), openAnother: () => open(url) }), { shared: true })
 */
export function storageContract(
  name: string,
  open: () => Promise<StoreUnderTest>,
  { shared }: { shared: boolean },
): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage
    let openAnother: StoreUnderTest['openAnother']
    const handles: Storage[] = []
    beforeEach(async () => {
      ;({ storage, openAnother } = await open())
      handles.push(storage)
    })
    afterEach(async () => {
      for (const handle of handles.splice(0)) await handle.close()
    })
    const another = async () => {
      if (!openAnother) throw new Error(`${name}: a shared store's factory must give openAnother`)
      const handle = await openAnother()
      handles.push(handle)
      return handle
    }

    const bytes = (...values: number[]) => new Uint8Array(values)

    /**
     * Reads the rooms' logs over and over until stopped, failing on any gap; `stop` resolves
     * with how many rounds it read. It yields to the event loop between rounds, as a server
     * serving reads does, so a backend that commits from a later turn still gets to.
     */
    const watchForGaps = (handle: Storage, rooms: string[]) => {
      let done = false
      const rounds = (async () => {
        let reads = 0
        while (!done || reads === 0) {
          for (const room of rooms) {
            const seen = (await handle.readLog(room, 0, 10_000)).map((entry) => entry.seq)
            expect(seen).toEqual(seen.map((_, i) => i + 1))
          }
          reads++
          await new Promise((resolve) => setImmediate(resolve))
        }
        return reads
      })()
      return {
        stop: () => {
          done = true
          return rounds
        },
      }
    }

    it('numbers appends 1, 2, 3 per room and keeps rooms apart', async () => {
      expect(await storage.appendUpdate('a', { update: bytes(1), at: 10, author: 'editor' })).toBe(1)
      expect(await storage.appendUpdate('a', { update: bytes(2), at: 11, author: 'editor' })).toBe(2)
      expect(await storage.appendUpdate('b', { update: bytes(9), at: 12, author: 'server' })).toBe(1)
      expect(await storage.appendUpdate('a', { update: bytes(3), at: 13, author: 'observer' })).toBe(3)
    })

    it('loads an empty room as no snapshot and no updates', async () => {
      expect(await storage.loadRoom('nothing-here')).toEqual({ snapshot: null, updates: [] })
      expect(await storage.hasRoom('nothing-here')).toBe(false)
    })

    it('returns every appended update with its bytes, time and author, in order', async () => {
      await storage.appendUpdate('r', { update: bytes(1, 2, 3), at: 100, author: 'editor' })
      await storage.appendUpdate('r', { update: bytes(4), at: 101, author: 'candidate' })
      const loaded = await storage.loadRoom('r')
      expect(loaded.snapshot).toBeNull()
      expect(loaded.updates).toEqual([
        { seq: 1, at: 100, author: 'editor', update: bytes(1, 2, 3) },
        { seq: 2, at: 101, author: 'candidate', update: bytes(4) },
      ])
      expect(await storage.hasRoom('r')).toBe(true)
    })

    it('loads the latest snapshot plus only the updates after it, and keeps the full log', async () => {
      for (let i = 1; i <= 5; i++) await storage.appendUpdate('r', { update: bytes(i), at: i, author: 'e' })
      await storage.saveSnapshot('r', { state: bytes(7, 7), seq: 3, at: 50 })
      const loaded = await storage.loadRoom('r')
      expect(loaded.snapshot).toEqual({ state: bytes(7, 7), seq: 3, at: 50 })
      expect(loaded.updates.map((u) => u.seq)).toEqual([4, 5])
      const log = await storage.readLog('r', 0, 100)
      expect(log.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5])
    })

    it('never replaces a snapshot with an older one', async () => {
      await storage.saveSnapshot('r', { state: bytes(2), seq: 20, at: 2 })
      await storage.saveSnapshot('r', { state: bytes(1), seq: 10, at: 1 })
      expect((await storage.loadRoom('r')).snapshot?.seq).toBe(20)
    })

    it('pages through the log with afterSeq and limit', async () => {
      for (let i = 1; i <= 7; i++) await storage.appendUpdate('r', { update: bytes(i), at: i, author: 'e' })
      expect((await storage.readLog('r', 2, 3)).map((u) => u.seq)).toEqual([3, 4, 5])
      expect((await storage.readLog('r', 7, 3)).map((u) => u.seq)).toEqual([])
    })

    it('gives concurrent appends distinct consecutive numbers', async () => {
      const seqs = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          storage.appendUpdate('r', { update: bytes(i), at: i, author: 'e' }),
        ),
      )
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    })

    if (shared) {
      it('numbers appends from two handles gap-free and without duplicates, and readers never see a gap', async () => {
        const second = await another()
        const perHandle = 60
        const reader = watchForGaps(storage, ['shared'])
        // Each handle keeps several appends in flight at once, as a busy server process does.
        const appendAll = (handle: Storage, tag: number) =>
          Promise.all(
            Array.from({ length: perHandle }, async (_, i) => ({
              seq: await handle.appendUpdate('shared', { update: bytes(tag, i), at: i, author: `p${tag}` }),
              payload: [tag, i],
            })),
          )
        const results = (await Promise.all([appendAll(storage, 1), appendAll(second, 2)])).flat()
        expect(await reader.stop()).toBeGreaterThan(0)
        expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 2 * perHandle }, (_, i) => i + 1),
        )
        const log = await second.readLog('shared', 0, 10_000)
        expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 2 * perHandle }, (_, i) => i + 1))
        // Every append's number leads to exactly its own bytes.
        for (const { seq, payload } of results) expect([...(log[seq - 1]?.update ?? [])]).toEqual(payload)
      })

      it('numbers many rooms’ concurrent appends from two handles gap-free, in each handle’s call order', async () => {
        const second = await another()
        const rooms = Array.from({ length: 12 }, (_, i) => `room-${i}`)
        const rounds = 15
        const reader = watchForGaps(second, rooms)
        // All in flight at once; the handles go through the rooms in opposite orders, so a
        // backend that locked rooms in arrival order would have them deadlock.
        const appendAll = (handle: Storage, tag: number, order: string[]) =>
          Promise.all(
            Array.from({ length: rounds }, (_, round) =>
              order.map(async (room) => ({
                room,
                tag,
                round,
                seq: await handle.appendUpdate(room, {
                  update: bytes(tag, round),
                  at: round,
                  author: `p${tag}`,
                }),
              })),
            ).flat(),
          )
        const results = (
          await Promise.all([appendAll(storage, 1, rooms), appendAll(second, 2, [...rooms].reverse())])
        ).flat()
        expect(await reader.stop()).toBeGreaterThan(0)
        for (const room of rooms) {
          const log = await storage.readLog(room, 0, 10_000)
          expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 2 * rounds }, (_, i) => i + 1))
          const mine = results.filter((r) => r.room === room)
          expect(new Set(mine.map((r) => r.seq)).size).toBe(2 * rounds)
          for (const { seq, tag, round } of mine)
            expect([...(log[seq - 1]?.update ?? [])]).toEqual([tag, round])
          for (const tag of [1, 2]) {
            // One handle's appends to a room are numbered in the order it made them.
            const seqs = mine.filter((r) => r.tag === tag).map((r) => r.seq)
            expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
          }
        }
      })
    }

    it('keeps real millisecond times (beyond 32 bits) as numbers', async () => {
      const now = 1_767_225_600_123
      await storage.appendUpdate('r', { update: bytes(1), at: now, author: 'e' })
      await storage.saveSnapshot('r', { state: bytes(1), seq: 1, at: now + 1 })
      await storage.saveCheckpoint('r', { state: bytes(1), seq: 1, at: now + 2 })
      expect((await storage.readLog('r', 0, 1))[0]?.at).toBe(now)
      expect((await storage.loadRoom('r')).snapshot?.at).toBe(now + 1)
      expect(await storage.latestCheckpoint('r')).toEqual({ seq: 1, at: now + 2 })
      await storage.createSession({ id: 't', createdAt: now, data: {} }, [
        { hash: 'th', sessionId: 't', seat: 'host', revokedAt: now + 3 },
      ])
      expect((await storage.loadSession('t'))?.createdAt).toBe(now)
      expect((await storage.findToken('th'))?.revokedAt).toBe(now + 3)
      await storage.appendSessionEvent('t', { at: now + 4, type: 'x', actor: 'server', payload: null })
      expect((await storage.readSessionEvents('t'))[0]).toEqual({
        seq: 1,
        at: now + 4,
        type: 'x',
        actor: 'server',
        payload: null,
      })
      const note = { id: 'n', at: now + 5, sessionClockMs: 45 * 60_000, round: 1, text: 'late' }
      await storage.addNote('t', note)
      expect(await storage.listNotes('t', 1)).toEqual([note])
    })

    it('answers ping while open and refuses it once closed', async () => {
      await expect(storage.ping()).resolves.toBeUndefined()
      await storage.close()
      await expect(storage.ping()).rejects.toThrow()
    })

    it('stores large updates byte for byte', async () => {
      const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) % 251)
      await storage.appendUpdate('r', { update: big, at: 1, author: 'e' })
      const [entry] = await storage.readLog('r', 0, 1)
      expect(entry?.update).toEqual(big)
    })

    describe('checkpoints', () => {
      it('keeps every checkpoint in order, apart per room, and reports the latest without its state', async () => {
        expect(await storage.latestCheckpoint('r')).toBeNull()
        expect(await storage.readCheckpoints('r')).toEqual([])
        await storage.saveCheckpoint('r', { seq: 500, at: 50, state: bytes(5) })
        await storage.saveCheckpoint('r', { seq: 1000, at: 100, state: bytes(10, 10) })
        await storage.saveCheckpoint('other', { seq: 7, at: 1, state: bytes(7) })
        // Saving the same position twice keeps the first: a checkpoint never changes.
        await storage.saveCheckpoint('r', { seq: 500, at: 99, state: bytes(9) })
        expect(await storage.readCheckpoints('r')).toEqual([
          { seq: 500, at: 50, state: bytes(5) },
          { seq: 1000, at: 100, state: bytes(10, 10) },
        ])
        expect(await storage.latestCheckpoint('r')).toEqual({ seq: 1000, at: 100 })
      })

      it('lists checkpoints without their states and reads one by its position', async () => {
        expect(await storage.listCheckpoints('r')).toEqual([])
        expect(await storage.readCheckpoint('r', 500)).toBeNull()
        await storage.saveCheckpoint('r', { seq: 500, at: 50, state: bytes(5) })
        await storage.saveCheckpoint('r', { seq: 1000, at: 100, state: bytes(10, 10) })
        await storage.saveCheckpoint('other', { seq: 500, at: 1, state: bytes(7) })
        expect(await storage.listCheckpoints('r')).toEqual([
          { seq: 500, at: 50 },
          { seq: 1000, at: 100 },
        ])
        expect(await storage.readCheckpoint('r', 1000)).toEqual({ seq: 1000, at: 100, state: bytes(10, 10) })
        expect(await storage.readCheckpoint('other', 500)).toEqual({ seq: 500, at: 1, state: bytes(7) })
        // Only an exact position: a seek never gets a checkpoint that holds more or less than it asked for.
        expect(await storage.readCheckpoint('r', 999)).toBeNull()
      })
    })

    it('reads the times of the log without its updates', async () => {
      expect(await storage.readLogTimes('r')).toEqual([])
      await storage.appendUpdate('r', { update: bytes(3), at: 10, author: 'a' })
      await storage.appendUpdate('other', { update: bytes(3), at: 11, author: 'a' })
      await storage.appendUpdate('r', { update: bytes(4), at: 12, author: 'b' })
      expect(await storage.readLogTimes('r')).toEqual([
        { seq: 1, at: 10 },
        { seq: 2, at: 12 },
      ])
    })

    describe('sessions', () => {
      const session = { id: 's1', createdAt: 1000, data: { title: 'LLM serving', round: 1 } }
      const token = (hash: string, seat: string) => ({ hash, sessionId: 's1', seat, revokedAt: null })

      it('creates a session with its tokens, loads and saves its document', async () => {
        await storage.createSession(session, [token('h-host', 'host'), token('h-guest', 'guest')])
        expect(await storage.loadSession('s1')).toEqual({ ...session, version: 0 })
        expect(await storage.loadSession('nope')).toBeNull()
        expect(await storage.saveSession({ ...session, data: { title: 'LLM serving', round: 2 } }, 0)).toBe(
          true,
        )
        expect(await storage.loadSession('s1')).toEqual({
          ...session,
          data: { title: 'LLM serving', round: 2 },
          version: 1,
        })
        await expect(storage.saveSession({ id: 'nope', createdAt: 1, data: {} }, 0)).rejects.toThrow()
      })

      it('saves a session only over the version it was read at, so no writer overwrites another', async () => {
        await storage.createSession(session, [])
        // One handle racing itself stands for two processes where a store has only one.
        const other = shared ? await another() : storage
        const mine = await storage.loadSession('s1')
        const theirs = await other.loadSession('s1')
        expect(await other.saveSession({ ...session, data: { by: 'them' } }, theirs?.version ?? -1)).toBe(
          true,
        )
        // Read before their save: refused, and what they stored stays.
        expect(await storage.saveSession({ ...session, data: { by: 'me' } }, mine?.version ?? -1)).toBe(false)
        expect(await storage.loadSession('s1')).toMatchObject({ data: { by: 'them' }, version: 1 })
        // Read again, then saved: on top of theirs.
        const again = await storage.loadSession('s1')
        expect(await storage.saveSession({ ...session, data: { by: 'me' } }, again?.version ?? -1)).toBe(true)
        expect(await other.loadSession('s1')).toMatchObject({ data: { by: 'me' }, version: 2 })
      })

      it('finds tokens by hash only, and replacing a seat’s token revokes the old one', async () => {
        await storage.createSession(session, [token('h-host', 'host'), token('h-obs', 'observer')])
        expect(await storage.findToken('h-host')).toEqual(token('h-host', 'host'))
        expect(await storage.findToken('unknown')).toBeNull()
        await storage.replaceToken('s1', 'host', token('h-host-2', 'host'), 5000)
        expect((await storage.findToken('h-host'))?.revokedAt).toBe(5000)
        expect((await storage.findToken('h-host-2'))?.revokedAt).toBeNull()
        expect((await storage.findToken('h-obs'))?.revokedAt).toBeNull()
      })

      it('revokes every live token of some seats, and only of that session', async () => {
        await storage.createSession(session, [token('h-host', 'host'), token('h-r1', 'replay')])
        await storage.createSession({ ...session, id: 's2' }, [])
        await storage.addToken(token('h-r2', 'replay+host'))
        await storage.addToken({ ...token('h-other', 'replay'), sessionId: 's2' })
        expect(await storage.revokeTokens('s1', ['replay', 'replay+host'], 7000)).toBe(2)
        expect((await storage.findToken('h-r1'))?.revokedAt).toBe(7000)
        expect((await storage.findToken('h-r2'))?.revokedAt).toBe(7000)
        expect((await storage.findToken('h-host'))?.revokedAt).toBeNull()
        expect((await storage.findToken('h-other'))?.revokedAt).toBeNull()
        // Revoking again changes nothing: a revoked token keeps the time it was revoked.
        expect(await storage.revokeTokens('s1', ['replay'], 9000)).toBe(0)
        expect((await storage.findToken('h-r1'))?.revokedAt).toBe(7000)
      })

      it('refuses a second session with the same id, keeping the first', async () => {
        await storage.createSession(session, [token('h1', 'host')])
        await expect(storage.createSession({ ...session, data: {} }, [token('h2', 'host')])).rejects.toThrow()
        expect((await storage.loadSession('s1'))?.data).toEqual(session.data)
        expect(await storage.findToken('h2')).toBeNull()
      })

      it('appends control events in order with their payloads', async () => {
        await storage.createSession(session, [])
        expect(
          await storage.appendSessionEvent('s1', {
            at: 1,
            type: 'timer',
            actor: 'interviewer',
            payload: { c: 'start' },
          }),
        ).toBe(1)
        expect(
          await storage.appendSessionEvent('s1', {
            at: 2,
            type: 'reveal',
            actor: 'interviewer',
            payload: { id: 'x' },
          }),
        ).toBe(2)
        expect(await storage.readSessionEvents('s1')).toEqual([
          { seq: 1, at: 1, type: 'timer', actor: 'interviewer', payload: { c: 'start' } },
          { seq: 2, at: 2, type: 'reveal', actor: 'interviewer', payload: { id: 'x' } },
        ])
      })

      if (shared) {
        it('numbers control events from two handles 1, 2, 3, ... with none lost', async () => {
          await storage.createSession(session, [])
          const second = await another()
          const append = (handle: Storage, i: number) =>
            handle.appendSessionEvent('s1', { at: i, type: 'timer', actor: 'interviewer', payload: { i } })
          const seqs = await Promise.all(
            Array.from({ length: 40 }, (_, i) => append(i % 2 ? second : storage, i)),
          )
          expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
          const events = await storage.readSessionEvents('s1')
          expect(events.map((e) => (e.payload as { i: number }).i).sort((a, b) => a - b)).toEqual(
            Array.from({ length: 40 }, (_, i) => i),
          )
        })
      }

      it('gives documents back exactly: key order, nesting, numbers and non-ASCII text', async () => {
        const data = {
          z: 1.5,
          a: [1, { b: null, c: [true, 'x'] }],
          m: 'é 🙂 漢字 "quoted" \\ \n',
          big: 2 ** 53 - 1,
        }
        await storage.createSession({ id: 's1', createdAt: 1, data }, [])
        const loaded = await storage.loadSession('s1')
        expect(loaded?.data).toEqual(data)
        expect(Object.keys(loaded?.data as object)).toEqual(['z', 'a', 'm', 'big'])
        // Typed text comes back as typed, a NUL character included.
        const typed = `${data.m} nul:\u0000:end`
        await storage.addNote('s1', { id: 'n', at: 1, sessionClockMs: 0, round: 1, text: typed })
        expect((await storage.listNotes('s1', 1))[0]?.text).toBe(typed)
        await storage.setScore('s1', 1, 'c', { score: 3, comment: typed, at: 2 })
        expect((await storage.listScores('s1', 1)).c?.comment).toBe(typed)
      })

      it('orders notes and templates that share a time by id, byte for byte', async () => {
        await storage.createSession(session, [])
        for (const id of ['b', 'B', 'a', '_']) {
          await storage.addNote('s1', { id, at: 7, sessionClockMs: 0, round: 1, text: id })
          await storage.addCustomTemplate({ id, createdAt: 7, data: {} })
        }
        expect((await storage.listNotes('s1', 1)).map((n) => n.id)).toEqual(['B', '_', 'a', 'b'])
        expect((await storage.listCustomTemplates()).map((t) => t.id)).toEqual(['B', '_', 'a', 'b'])
      })

      it('keeps notes and scores per round', async () => {
        await storage.createSession(session, [])
        await storage.addNote('s1', {
          id: 'n1',
          at: 10,
          sessionClockMs: 5000,
          round: 1,
          text: 'asked for QPS first',
        })
        await storage.addNote('s1', { id: 'n2', at: 20, sessionClockMs: 9000, round: 2, text: 'round two' })
        expect((await storage.listNotes('s1', 1)).map((n) => n.text)).toEqual(['asked for QPS first'])
        await storage.setScore('s1', 1, 'tradeoffs', { score: 3, comment: 'good', at: 30 })
        await storage.setScore('s1', 1, 'tradeoffs', { score: 4, comment: 'better', at: 40 })
        await storage.setScore('s1', 2, 'tradeoffs', { score: null, comment: '', at: 50 })
        expect(await storage.listScores('s1', 1)).toEqual({
          tradeoffs: { score: 4, comment: 'better', at: 40 },
        })
        expect(await storage.listScores('s1', 2)).toEqual({ tradeoffs: { score: null, comment: '', at: 50 } })
      })
    })

    voiceContract(() => storage, shared ? another : undefined)

    describe('deleting and importing sessions', () => {
      const session = { id: 's1', createdAt: 1000, data: { title: 'LLM serving' } }
      const token = (hash: string, seat: string) => ({ hash, sessionId: 's1', seat, revokedAt: null })

      async function fillSession(id: string) {
        const own = (hash: string) => ({
          hash: `${id}-${hash}`,
          sessionId: id,
          seat: 'host',
          revokedAt: null,
        })
        await storage.createSession({ ...session, id }, [own('h')])
        await storage.addToken({ ...own('replay'), seat: 'replay' })
        await storage.appendSessionEvent(id, { at: 1, type: 'timer', actor: 'interviewer', payload: {} })
        await storage.addNote(id, { id: 'n', at: 2, sessionClockMs: 0, round: 1, text: 'note' })
        await storage.setScore(id, 1, 'c', { score: 2, comment: '', at: 3 })
        await storage.appendUpdate(id, { update: bytes(1), at: 4, author: 'candidate' })
        await storage.saveSnapshot(id, { state: bytes(1), seq: 1, at: 5 })
        await storage.saveCheckpoint(id, { state: bytes(1), seq: 1, at: 5 })
      }

      it('adds a token to a session', async () => {
        await storage.createSession(session, [token('h1', 'host')])
        await storage.addToken(token('h-replay', 'replay'))
        expect(await storage.findToken('h-replay')).toEqual(token('h-replay', 'replay'))
      })

      it('deletes a session with everything of it, and nothing of another', async () => {
        await fillSession('s1')
        await fillSession('s2')
        expect(await storage.deleteSession('s1')).toBe(true)
        expect(await storage.loadSession('s1')).toBeNull()
        expect(await storage.findToken('s1-h')).toBeNull()
        expect(await storage.findToken('s1-replay')).toBeNull()
        expect(await storage.readSessionEvents('s1')).toEqual([])
        expect(await storage.listNotes('s1', 1)).toEqual([])
        expect(await storage.listScores('s1', 1)).toEqual({})
        expect(await storage.loadRoom('s1')).toEqual({ snapshot: null, updates: [] })
        expect(await storage.readCheckpoints('s1')).toEqual([])
        expect(await storage.hasRoom('s1')).toBe(false)
        expect(await storage.deleteSession('s1')).toBe(false)
        // Nothing of the old numbering is left: a new log under the same id starts at 1.
        expect(await storage.appendUpdate('s1', { update: bytes(2), at: 6, author: 'e' })).toBe(1)
        expect(await storage.appendSessionEvent('s1', { at: 6, type: 't', actor: 'a', payload: {} })).toBe(1)
        expect(await storage.findToken('s2-replay')).not.toBeNull()
        expect((await storage.readLog('s2', 0, 10)).length).toBe(1)
        expect((await storage.readCheckpoints('s2')).length).toBe(1)
        expect((await storage.listNotes('s2', 1)).length).toBe(1)
      })

      const bundle = {
        session: { id: 'imp', createdAt: 10, data: { title: 'Imported' } },
        tokens: [{ hash: 'imp-h', sessionId: 'imp', seat: 'host', revokedAt: null }],
        events: [
          { at: 11, type: 'created', actor: 'server', payload: { a: 1 } },
          { at: 12, type: 'timer', actor: 'interviewer', payload: { b: 2 } },
        ],
        notes: [{ id: 'n1', at: 13, sessionClockMs: 5, round: 1, text: 'imported note' }],
        scores: [{ round: 1, criterionId: 'c', score: { score: 4, comment: 'ok', at: 14 } }],
        log: [
          { at: 20, author: 'candidate', update: bytes(1, 2) },
          { at: 21, author: 'interviewer', update: bytes(3) },
        ],
        checkpoints: [{ seq: 2, at: 21, state: bytes(9) }],
        snapshot: { seq: 2, at: 21, state: bytes(9) },
      }

      it('imports a whole session in one go', async () => {
        await storage.importSession(bundle)
        expect(await storage.loadSession('imp')).toEqual({ ...bundle.session, version: 0 })
        expect((await storage.findToken('imp-h'))?.seat).toBe('host')
        expect((await storage.readSessionEvents('imp')).map((e) => [e.seq, e.type, e.payload])).toEqual([
          [1, 'created', { a: 1 }],
          [2, 'timer', { b: 2 }],
        ])
        expect(await storage.listNotes('imp', 1)).toEqual(bundle.notes)
        expect(await storage.listScores('imp', 1)).toEqual({ c: { score: 4, comment: 'ok', at: 14 } })
        expect(await storage.readLog('imp', 0, 10)).toEqual([
          { seq: 1, at: 20, author: 'candidate', update: bytes(1, 2) },
          { seq: 2, at: 21, author: 'interviewer', update: bytes(3) },
        ])
        expect(await storage.readCheckpoints('imp')).toEqual(bundle.checkpoints)
        expect((await storage.loadRoom('imp')).snapshot).toEqual(bundle.snapshot)
        expect(await storage.appendUpdate('imp', { at: 30, author: 'server', update: bytes(4) })).toBe(3)
      })

      it('imports nothing at all when any part fails', async () => {
        const clash = {
          ...bundle,
          session: { ...bundle.session, id: 'fresh' },
          tokens: [{ hash: 'fresh-h', sessionId: 'fresh', seat: 'host', revokedAt: null }],
          log: bundle.log,
        }
        await storage.createSession({ id: 'x', createdAt: 1, data: {} }, [
          { hash: 'fresh-h', sessionId: 'x', seat: 'host', revokedAt: null },
        ])
        await expect(storage.importSession(clash)).rejects.toThrow()
        expect(await storage.loadSession('fresh')).toBeNull()
        expect(await storage.readSessionEvents('fresh')).toEqual([])
        expect(await storage.listNotes('fresh', 1)).toEqual([])
        expect(await storage.hasRoom('fresh')).toBe(false)
        expect(await storage.readCheckpoints('fresh')).toEqual([])
      })
    })

    describe('custom templates', () => {
      it('adds and lists imported templates, refusing a second with the same id', async () => {
        await storage.addCustomTemplate({ id: 'mine', createdAt: 2, data: { title: 'Mine' } })
        await storage.addCustomTemplate({ id: 'early', createdAt: 1, data: { title: 'Early' } })
        await expect(storage.addCustomTemplate({ id: 'mine', createdAt: 3, data: {} })).rejects.toThrow()
        expect(await storage.listCustomTemplates()).toEqual([
          { id: 'early', createdAt: 1, data: { title: 'Early' } },
          { id: 'mine', createdAt: 2, data: { title: 'Mine' } },
        ])
      })

      it('deletes an imported template by id, answering whether there was one', async () => {
        await storage.addCustomTemplate({ id: 'mine', createdAt: 1, data: {} })
        await storage.addCustomTemplate({ id: 'other', createdAt: 2, data: {} })
        expect(await storage.deleteCustomTemplate('mine')).toBe(true)
        expect(await storage.deleteCustomTemplate('mine')).toBe(false)
        expect((await storage.listCustomTemplates()).map((t) => t.id)).toEqual(['other'])
      })
    })
  })
}
