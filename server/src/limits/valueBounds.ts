/**
 * Bounds on decoded structures, checked before anything re-encodes, logs or walks them
 * recursively: `JSON.stringify`, `String()` on an array, lib0's `readAny`/`writeAny` and
 * zod all recurse, and a value nested some 10,000 deep overflows the stack in any of them.
 * Every check here is a loop with an explicit stack (or a counter), never recursion.
 */

/** The largest depth and size a decoded value may have. */
export interface ValueBounds {
  /** Levels of nested arrays and objects (a scalar is depth 0, `[1]` depth 1). */
  maxDepth: number
  /** Arrays, objects and scalars counted together. */
  maxNodes: number
}

/** Thrown for a value past its bounds; the message names which bound. */
export class BoundsError extends Error {
  override name = 'BoundsError'
}

/**
 * Checks the nesting of JSON text without parsing it: one pass over the characters, counting
 * brackets outside strings. Cheap enough to run before every `JSON.parse` of client text.
 *
 * @throws BoundsError when `text` nests deeper than `maxDepth`.
 */
export function checkJsonTextDepth(text: string, maxDepth: number): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === 0x5c)
        i++ // backslash: the next character is escaped
      else if (code === 0x22) inString = false
    } else if (code === 0x22) {
      inString = true
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) throw new BoundsError(`JSON nested deeper than ${maxDepth} levels`)
    } else if (code === 0x5d || code === 0x7d) {
      depth--
    }
  }
}

/**
 * Checks a decoded JS value (a socket.io payload, an imported archive) against `bounds`,
 * walking it with an explicit stack. Objects count their own enumerable values only.
 *
 * @throws BoundsError naming the bound exceeded.
 */
export function checkValueBounds(value: unknown, bounds: ValueBounds): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  let nodes = 0
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    if (++nodes > bounds.maxNodes) throw new BoundsError(`value has more than ${bounds.maxNodes} parts`)
    const { value: current, depth } = entry
    if (typeof current !== 'object' || current === null) continue
    if (depth >= bounds.maxDepth) throw new BoundsError(`value nested deeper than ${bounds.maxDepth} levels`)
    const children = Array.isArray(current) ? current : Object.values(current)
    if (children.length > bounds.maxNodes)
      throw new BoundsError(`value has more than ${bounds.maxNodes} parts`)
    for (const child of children) stack.push({ value: child, depth: depth + 1 })
  }
}

/**
 * A short, safe description of a value of unknown shape for a log line: a string cut to
 * `max` characters, a number or boolean as itself, anything else by its kind. Never calls
 * `String()` on an array or object (which recurses, and runs the client's `toString`).
 */
export function describeValue(value: unknown, max = 64): string {
  if (typeof value === 'string') return value.slice(0, max)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value)
  }
  return Array.isArray(value) ? '[array]' : `[${typeof value}]`
}
