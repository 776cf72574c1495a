import * as Y from 'yjs'

/**
 * Whether applying `update` to `doc` would write anywhere inside the root type `name` (its
 * entries, or anything nested in them): an item whose parent is that root or a type inside
 * it, or a deletion of such an item. Read before the update is applied, so a guard can refuse
 * it whole (a change undone after the fact has already reached the other clients and the log).
 *
 * An item names its parent only when it has no neighbours; otherwise Yjs takes the parent
 * from its left or right origin, so the parent is found by following those (in the document,
 * or among the update's own items). The caller must have refused an update that refers to
 * changes the document lacks (`unmetDependency`): such a reference is answered with true,
 * since what it would join is not known yet.
 *
 * Cheap when the root is empty and the update does not spell its name: nothing of the update
 * can reach that root then, and it is not decoded.
 */
export function updateTouchesRoot(doc: Y.Doc, update: Uint8Array, name: string): boolean {
  const root = doc.share.get(name) ?? null
  const rootEmpty = root === null || (root._start === null && root._map.size === 0)
  if (rootEmpty && !spellsName(update, name)) return false
  const { structs, ds } = Y.decodeUpdate(update)
  const incoming = new Map<number, Y.Item[]>()
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    const list = incoming.get(struct.id.client) ?? []
    list.push(struct)
    incoming.set(struct.id.client, list)
  }
  const seen = new Map<Y.Item, boolean>()

  /** Whether the document's item at `id` is inside the root (a collected struct holds nothing). */
  const inDocInside = (id: Y.ID): boolean => {
    const struct = Y.getItem(doc.store, id)
    return struct instanceof Y.Item && root !== null && Y.isParentOf(root, struct)
  }

  /**
   * Whether the item the update brings lands inside the root. A loop, not recursion: a crafted
   * update can chain its items' origins as long as it likes, and each step is looked up by
   * binary search, so an update of n items costs O(n log n), never O(n²) or the stack.
   */
  const itemInside = (start: Y.Item): boolean => {
    const path: Y.Item[] = []
    let item = start
    let inside: boolean
    for (;;) {
      const known = seen.get(item)
      if (known !== undefined) {
        inside = known
        break
      }
      // Marked first: a crafted update whose origins point round in a circle ends here.
      seen.set(item, true)
      path.push(item)
      if (typeof item.parent === 'string') {
        inside = item.parent === name
        break
      }
      // A parent given by id: the item holding that type; else the neighbour, whose parent it shares.
      const ref = item.parent instanceof Y.ID ? item.parent : (item.origin ?? item.rightOrigin)
      if (!ref) {
        inside = false
        break
      }
      if (ref.clock < Y.getState(doc.store, ref.client)) {
        inside = inDocInside(ref)
        break
      }
      const next = incomingAt(ref.client, ref.clock)
      // A reference to what neither the document nor the update holds: what it joins is unknown.
      if (!next) {
        inside = true
        break
      }
      item = next
    }
    for (const step of path) seen.set(step, inside)
    return inside
  }

  /** Index of the first of `items` (in clock order, as an update lists them) ending after `clock`. */
  const firstEndingAfter = (items: Y.Item[], clock: number): number => {
    let low = 0
    let high = items.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const item = items[middle] as Y.Item
      if (item.id.clock + item.length <= clock) low = middle + 1
      else high = middle
    }
    return low
  }

  const incomingAt = (client: number, clock: number): Y.Item | null => {
    const items = incoming.get(client)
    if (!items) return null
    const item = items[firstEndingAfter(items, clock)]
    return item && item.id.clock <= clock ? item : null
  }

  for (const items of incoming.values()) for (const item of items) if (itemInside(item)) return true
  for (const [client, deletions] of ds.clients) {
    const brought = incoming.get(client) ?? []
    for (const { clock, len } of deletions) {
      if (deletesInside(doc, root, client, clock, clock + len)) return true
      for (let i = firstEndingAfter(brought, clock); i < brought.length; i++) {
        const item = brought[i] as Y.Item
        if (item.id.clock >= clock + len) break
        if (itemInside(item)) return true
      }
    }
  }
  return false
}

/** A document's root type, as `Y.Doc.share` holds it. */
type RootType = Y.Doc['share'] extends Map<string, infer T> ? T : never

/** Whether the document's items of `client` from `clock` up to `end` hold one inside `root`. */
function deletesInside(
  doc: Y.Doc,
  root: RootType | null,
  client: number,
  clock: number,
  end: number,
): boolean {
  const structs = doc.store.clients.get(client)
  if (!root || !structs || clock >= Y.getState(doc.store, client)) return false
  for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
    const struct = structs[i] as Y.Item | Y.GC
    if (struct.id.clock >= end) break
    if (struct instanceof Y.Item && !struct.deleted && Y.isParentOf(root, struct)) return true
  }
  return false
}

/** Whether `update` holds `name` as Yjs writes a string: its UTF-8 length, then its bytes. */
function spellsName(update: Uint8Array, name: string): boolean {
  const bytes = Buffer.from(name, 'utf8')
  // A root's name is short: its length is one varint byte.
  const needle = Buffer.concat([Buffer.from([bytes.length]), bytes])
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength).indexOf(needle) !== -1
}
