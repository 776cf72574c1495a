/**
 * Whether a board record is a card the interviewer placed by revealing something: a shape
 * whose `meta.revealedCard` is true. The client locks such cards for everyone but the
 * interviewer, and the server turns back anyone else's change to one.
 */
export function isRevealedCardRecord(record: unknown): boolean {
  if (typeof record !== 'object' || record === null) return false
  const meta = (record as { meta?: unknown }).meta
  return (
    typeof meta === 'object' && meta !== null && (meta as { revealedCard?: unknown }).revealedCard === true
  )
}
