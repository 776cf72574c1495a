/**
 * `node tests/bench/fanoutCost.ts [--base=<checkout>] [--pairs=3] [--rooms=100] [--per-turn=10] [--turns=2000]`:
 * the Redis fan-out's own CPU, in one process against the real Redis, without sockets to
 * clients or storage: process A's fan-out publishes `--per-turn` rooms' updates each turn (as a
 * group commit settling hands them on), process B's fan-out follows the same rooms and applies
 * them; both are this process, so its CPU is A's publishing, B's receiving and applying, and A
 * dropping its own echoes. Prints CPU ms per 1,000 updates, and with `--base` the same for the
 * fan-out of another checkout (a worktree of the commit before, `pnpm install`ed), each side in
 * a fresh process, interleaved A B, B A, … (`--pairs`), with the medians. Run it pinned
 * (`taskset -c 0`): CPU per update is steadier than wall time on a shared host.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { median } from './stats.ts'

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const url = process.env.ROOFLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const rooms = Number(option('rooms', '100'))
const perTurn = Number(option('per-turn', '10'))
const turns = Number(option('turns', '1000'))

/** One side's measurement, in this process: the fan-out of the checkout at `root`. */
async function measure(root: string): Promise<number> {
  const cluster = `${root}/server/src/cluster`
  const { connectRedis } = (await import(
    `${cluster}/redisLink.ts`
  )) as typeof import('../../server/src/cluster/redisLink.ts')
  const { RedisFanout } = (await import(
    `${cluster}/redisFanout.ts`
  )) as typeof import('../../server/src/cluster/redisFanout.ts')
  const { Room } = (await import(
    `${root}/server/src/rooms/room.ts`
  )) as typeof import('../../server/src/rooms/room.ts')
  const logger = { info: () => {}, warn: () => {}, error: () => {} }
  const prefix = `roofline-fanout-cost-${randomBytes(4).toString('hex')}:`
  const links = await Promise.all([0, 1].map(() => connectRedis(url, { prefix, logger })))
  const [a, b] = links.map(
    (redis) => new RedisFanout({ redis, storage: { readLog: async () => [] }, logger, gapCheckMs: 60_000 }),
  )
  if (!a || !b) throw new Error('no fan-out')
  const follow = async (fanout: InstanceType<typeof RedisFanout>, id: string) => {
    const room = new Room(id)
    await fanout.extension.onLoad?.(room)
    await fanout.extension.onReady?.(room)
    return room
  }
  const onA = [] as InstanceType<typeof Room>[]
  const onB = [] as InstanceType<typeof Room>[]
  for (let i = 0; i < rooms; i++) {
    onA.push(await follow(a, `room-${i}`))
    onB.push(await follow(b, `room-${i}`))
  }
  // Each room's drawer moves one shape: an update of its own document per step.
  const drawers = onA.map(() => new Y.Doc())
  const nextUpdate = (r: number, step: number) => {
    let update: Uint8Array = new Uint8Array()
    const doc = drawers[r] as Y.Doc
    const take = (made: Uint8Array) => {
      update = made
    }
    doc.on('update', take)
    doc.getMap('records').set(`shape:${r}`, { x: step, y: step * 2, type: 'geo', meta: { step } })
    doc.off('update', take)
    return update
  }
  // Made before the clock starts: the drawers' own work is not the fan-out's.
  const planned: Array<{ r: number; seq: number; update: Uint8Array }[]> = []
  const seqs = onA.map(() => 0)
  for (let t = 0; t < turns; t++) {
    const batch: { r: number; seq: number; update: Uint8Array }[] = []
    for (let k = 0; k < perTurn; k++) {
      const r = (t * perTurn + k) % rooms
      const seq = (seqs[r] ?? 0) + 1
      seqs[r] = seq
      batch.push({ r, seq, update: nextUpdate(r, seq) })
    }
    planned.push(batch)
  }
  const sent = turns * perTurn
  const turn = () => new Promise((resolve) => setImmediate(resolve))
  const applied = () => onB.reduce((sum, room) => sum + room.log.contiguous, 0)
  await new Promise((resolve) => setTimeout(resolve, 200))
  const cpu = process.cpuUsage()
  for (const batch of planned) {
    for (const { r, seq, update } of batch) {
      const room = onA[r]
      if (room) a.extension.onChange?.(room, { update, origin: null, at: 0, remote: false, seq })
    }
    await turn()
  }
  const deadline = Date.now() + 30_000
  while (applied() < sent && Date.now() < deadline) await turn()
  const used = process.cpuUsage(cpu)
  if (applied() < sent) throw new Error(`B applied ${applied()} of ${sent} updates`)
  a.close()
  b.close()
  await Promise.all(links.map((link) => link.close()))
  return ((used.user + used.system) / 1000 / sent) * 1000
}

const child = process.argv.includes('--child')
if (child) {
  console.log(JSON.stringify(await measure(option('root', repoRoot))))
  // The rooms' awareness keeps a timer; this process has nothing more to do.
  process.exit(0)
} else {
  const base = option('base', '')
  const pairs = Number(option('pairs', '3'))
  const sides: Record<string, string> = base ? { A: base, B: repoRoot } : { B: repoRoot }
  const results: Record<string, number[]> = { A: [], B: [] }
  const run = (root: string) =>
    Number(
      execFileSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', `--root=${root}`, ...process.argv.slice(2)],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n')
        .at(-1),
    )
  for (let pair = 0; pair < pairs; pair++) {
    const order = Object.keys(sides)
    if (pair % 2 === 1) order.reverse()
    for (const side of order) {
      const cpu = run(sides[side] as string)
      results[side]?.push(cpu)
      console.log(`pair ${pair + 1} ${side}: ${cpu.toFixed(2)} CPU ms per 1,000 updates`)
    }
  }
  for (const side of Object.keys(sides))
    console.log(
      `${side} median: ${median(results[side] ?? []).toFixed(2)} CPU ms per 1,000 updates (${rooms} rooms, ${perTurn} per turn)`,
    )
}
