import { describe, expect, it } from 'vitest'
import type { Storage, StoredVoiceChunk } from './storage.ts'

/**
 * The voice part of the storage contract suite (`storageContract` runs it for every backend):
 * chunks stored once, duplicates and conflicts recognised, the session total enforced even
 * when uploads race from two handles, and the chunks deleted and imported with their session.
 */
export function voiceContract(current: () => Storage, another: (() => Promise<Storage>) | undefined): void {
  const chunk = (over: Partial<StoredVoiceChunk> = {}): StoredVoiceChunk => ({
    sessionId: 'v1',
    seat: 'host',
    track: 0,
    seq: 0,
    at: 1_500,
    durationMs: 3_000,
    mime: 'audio/webm;codecs=opus',
    levels: [0, 12, 100],
    bytes: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]),
    ...over,
  })
  const MAX = 1_000_000

  describe('voice chunks', () => {
    it('stores a chunk once, lists it without its bytes and reads its bytes back', async () => {
      const storage = current()
      expect(await storage.addVoiceChunk(chunk(), MAX)).toBe('stored')
      expect(await storage.addVoiceChunk(chunk(), MAX)).toBe('duplicate')
      expect(await storage.addVoiceChunk(chunk({ bytes: new Uint8Array([9]) }), MAX)).toBe('conflict')
      expect(await storage.addVoiceChunk(chunk({ seq: 1, at: 4_500, levels: [] }), MAX)).toBe('stored')
      expect(await storage.addVoiceChunk(chunk({ seat: 'guest' }), MAX)).toBe('stored')
      const { bytes: _bytes, ...entry } = chunk()
      expect(await storage.listVoiceChunks('v1')).toEqual([
        { ...entry, seat: 'guest', size: 7 },
        { ...entry, size: 7 },
        { ...entry, seq: 1, at: 4_500, levels: [], size: 7 },
      ])
      expect(await storage.readVoiceChunk('v1', 'host', 0, 1)).toEqual(chunk().bytes)
      expect(await storage.readVoiceChunk('v1', 'host', 1, 0)).toBeNull()
      expect((await storage.readVoiceChunks('v1')).map((c) => [c.seat, c.seq, c.bytes])).toEqual([
        ['guest', 0, chunk().bytes],
        ['host', 0, chunk().bytes],
        ['host', 1, chunk().bytes],
      ])
      expect(await storage.listVoiceChunks('other')).toEqual([])
    })

    it('refuses a chunk past the session total, counting each session apart', async () => {
      const storage = current()
      const big = (seq: number, sessionId = 'v1') =>
        chunk({ sessionId, seq, bytes: new Uint8Array(400).fill(seq) })
      expect(await storage.addVoiceChunk(big(0), 1_000)).toBe('stored')
      expect(await storage.addVoiceChunk(big(1), 1_000)).toBe('stored')
      expect(await storage.addVoiceChunk(big(2), 1_000)).toBe('full')
      // A retry of a stored chunk is still recognised at the limit.
      expect(await storage.addVoiceChunk(big(1), 1_000)).toBe('duplicate')
      expect(await storage.addVoiceChunk(big(0, 'v2'), 1_000)).toBe('stored')
      expect((await storage.listVoiceChunks('v1')).length).toBe(2)
    })

    if (another) {
      it('keeps the session total when two handles upload at once', async () => {
        const storage = current()
        const second = await another()
        const uploads = Array.from({ length: 20 }, (_, seq) =>
          (seq % 2 ? second : storage).addVoiceChunk(
            chunk({ seq, bytes: new Uint8Array(100).fill(seq) }),
            1_000,
          ),
        )
        const outcomes = await Promise.all(uploads)
        expect(outcomes.filter((o) => o === 'stored').length).toBe(10)
        expect(outcomes.filter((o) => o === 'full').length).toBe(10)
        const stored = await storage.listVoiceChunks('v1')
        expect(stored.reduce((sum, c) => sum + c.size, 0)).toBe(1_000)
      })
    }

    it('deletes the chunks with their session and imports them with one', async () => {
      const storage = current()
      await storage.createSession({ id: 'v1', createdAt: 1, data: {} }, [])
      await storage.addVoiceChunk(chunk(), MAX)
      await storage.addVoiceChunk(chunk({ sessionId: 'v2' }), MAX)
      expect(await storage.deleteSession('v1')).toBe(true)
      expect(await storage.listVoiceChunks('v1')).toEqual([])
      expect(await storage.readVoiceChunk('v1', 'host', 0, 0)).toBeNull()
      expect((await storage.listVoiceChunks('v2')).length).toBe(1)
      await storage.importSession({
        session: { id: 'v3', createdAt: 1, data: {} },
        tokens: [],
        events: [],
        notes: [],
        scores: [],
        log: [],
        checkpoints: [],
        snapshot: null,
        voice: [chunk({ sessionId: 'v3' }), chunk({ sessionId: 'v3', seq: 1 })],
      })
      expect((await storage.readVoiceChunks('v3')).map((c) => c.seq)).toEqual([0, 1])
    })
  })
}
