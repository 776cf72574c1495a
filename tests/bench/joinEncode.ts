/**
 * `node tests/bench/joinEncode.ts [--shapes=5000] [--joins=20]`: the server's part of a join
 * of a large board, timed in-process without sockets: a room holding `shapes` shape records
 * (the bench's own, as the board lays them out) answers `joins` fresh clients' sync step 1,
 * through `Room.syncStep2` (the server's path: the answer is kept between joins while the
 * document is unchanged), beside encoding the answer afresh for every join (the path before).
 * Prints the median and p95 per join of each, and the answer's size.
 */
import { type RecordEntry, YRecordMap } from '@roofline/shared'
import * as Y from 'yjs'
import { Room } from '../../server/src/rooms/room.ts'
import { encodeSyncStep2 } from '../../server/src/rooms/yMessages.ts'
import { shapeRecord } from './benchClients.ts'
import { median, percentile } from './stats.ts'

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const shapes = Number(option('shapes', '5000'))
const joins = Number(option('joins', '20'))

// The board as a client builds it, handed to the room as one update (as the seed client sends it).
const seed = new Y.Doc()
const records = new YRecordMap(seed.getArray<RecordEntry<unknown>>('tl_records'))
seed.transact(() => {
  for (let i = 0; i < shapes; i++) records.set(`shape:${i}`, shapeRecord(`shape:${i}`, i, 0, 0))
})
const room = new Room('join-encode')
room.apply(Y.encodeStateAsUpdate(seed), null)
const fresh = Y.encodeStateVector(new Y.Doc())

function timed(answer: () => Uint8Array): { times: number[]; bytes: number } {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < joins; i++) {
    const started = performance.now()
    bytes = answer().byteLength
    times.push(performance.now() - started)
  }
  return { times, bytes }
}

const show = (label: string, { times, bytes }: { times: number[]; bytes: number }) =>
  console.log(
    `${label}: median ${median(times).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms per join, first ${times[0]?.toFixed(2)} ms (${(bytes / 1024).toFixed(0)} KiB answer)`,
  )
show(
  'encoded per join',
  timed(() => encodeSyncStep2(room.doc, fresh)),
)
show(
  'Room.syncStep2  ',
  timed(() => room.syncStep2(fresh)),
)
room.destroy()
seed.destroy()
