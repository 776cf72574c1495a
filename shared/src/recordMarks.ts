/** A board record's `meta` object, or an empty one when it has none. */
function metaOf(record: unknown): Record<string, unknown> {
  if (typeof record !== 'object' || record === null) return {}
  const meta = (record as { meta?: unknown }).meta
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : {}
}

/** tldraw shape type of a card the interviewer placed by revealing something. */
export const revealedCardShapeType = 'revealed-card'

/**
 * Whether a board record is a card the interviewer placed by revealing something: a shape of
 * type `revealed-card`, or (as boards and recordings made before that type have them) any
 * shape whose `meta.revealedCard` is true. The client locks such cards for everyone but the
 * interviewer, and the server turns back anyone else's change to one.
 */
export function isRevealedCardRecord(record: unknown): boolean {
  if (typeof record !== 'object' || record === null) return false
  if ((record as { type?: unknown }).type === revealedCardShapeType) return true
  return metaOf(record).revealedCard === true
}

/**
 * The example diagram a board record was inserted from (`meta.example`), or null. The server
 * removes such records a session's candidate adds while examples are not allowed.
 */
export function exampleOfRecord(record: unknown): string | null {
  const example = metaOf(record).example
  return typeof example === 'string' ? example : null
}
