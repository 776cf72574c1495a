import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PostgresStorage } from '../storage/postgres/postgresStorage.ts'
import {
  createScratchSchema,
  type ScratchSchema,
  testDatabaseAvailable,
} from '../storage/postgres/scratchSchema.ts'
import { SqliteStorage } from '../storage/sqliteStorage.ts'
import type { Storage } from '../storage/storage.ts'
import { persistence } from './persistence.ts'
import type { Connection, Principal } from './room.ts'
import { RoomLifecycle } from './roomLifecycle.ts'

const available = await testDatabaseAvailable()

const editor: Principal = { role: 'editor', canWrite: true }
const connection = (id: string): Connection => ({ id, principal: editor, send() {}, close() {} })

/** An update whose one item holds an embed nested `depth` deep (what issue 17's attacker stored). */
function poisoned(depth: number): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const n of [1, 1, 777, 0]) encoding.writeVarUint(encoder, n) // one struct of client 777 at clock 0
  encoding.writeUint8(encoder, 5) // embed, no origins
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarString(encoder, 'm')
  encoding.writeVarString(encoder, `${'['.repeat(depth)}${']'.repeat(depth)}`)
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}

/** Opens a room of `storage` and answers its content and what was logged as quarantined. */
async function load(storage: Storage) {
  const quarantined: object[] = []
  const logger = {
    info() {},
    warn() {},
    error(details: object, message: string) {
      if (message === 'quarantined stored update') quarantined.push(details)
    },
  }
  const lifecycle = new RoomLifecycle({
    extensions: [
      { onAuthenticate: async () => editor },
      persistence(storage, { snapshotEvery: 1_000_000, logger }),
    ],
    logger,
    idleMs: 0,
  })
  const a = connection('a')
  const room = await lifecycle.join('r', a)
  const content = room.doc.getMap('m').toJSON()
  const encodes = Y.encodeStateAsUpdate(room.doc).byteLength > 0
  lifecycle.leave(room, a)
  await lifecycle.close()
  return { content, quarantined, encodes }
}

async function storeRoom(storage: Storage): Promise<void> {
  const doc = new Y.Doc()
  doc.getMap('m').set('before', 1)
  await storage.appendUpdate('r', { update: Y.encodeStateAsUpdate(doc), at: 1, author: 'host' })
  await storage.appendUpdate('r', { update: poisoned(20_000), at: 2, author: 'attacker' })
  const before = Y.encodeStateVector(doc)
  doc.getMap('m').set('after', 2)
  await storage.appendUpdate('r', { update: Y.encodeStateAsUpdate(doc, before), at: 3, author: 'host' })
  doc.destroy()
}

/** Each store under test: whether it runs here, and how to open an empty one (and drop it after). */
const stores: Array<[string, boolean, () => Promise<{ storage: Storage; drop(): Promise<void> }>]> = [
  ['SQLite', true, async () => ({ storage: new SqliteStorage(':memory:'), drop: async () => {} })],
  [
    'PostgreSQL',
    available,
    async () => {
      const schema: ScratchSchema = await createScratchSchema()
      return { storage: await PostgresStorage.open(schema.url), drop: () => schema.drop() }
    },
  ],
]

for (const [name, runs, open] of stores) {
  describe.skipIf(!runs)(`a poisoned stored update (${name})`, () => {
    it('is left out and logged at load, the rest loads, and once a snapshot follows it is read no more', async () => {
      const { storage, drop } = await open()
      await storeRoom(storage)
      const first = await load(storage)
      expect(first.content).toEqual({ before: 1, after: 2 })
      expect(first.encodes).toBe(true)
      expect(first.quarantined).toMatchObject([
        { room: 'r', seq: 2, reason: expect.stringMatching(/nested/) },
      ])
      // The room stored a snapshot when it unloaded: the next load starts after the poison.
      const second = await load(storage)
      expect(second.content).toEqual({ before: 1, after: 2 })
      expect(second.quarantined).toEqual([])
      await storage.close()
      await drop()
    })
  })
}
