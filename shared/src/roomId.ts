import { z } from 'zod'

/**
 * A room id: 1–64 letters, digits, `-` or `_`. The same id names the board's Yjs room,
 * its storage rows and its URL, so it is kept to characters that need no escaping anywhere.
 *
 * @example roomIdSchema.parse('b_3kF9x') // ok; roomIdSchema.parse('../etc') throws
 */
export const roomIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a room id is 1-64 characters of letters, digits, "-" and "_"')

/** A validated room id. */
export type RoomId = z.infer<typeof roomIdSchema>

/** True when `value` is a well-formed room id. */
export function isRoomId(value: unknown): value is RoomId {
  return roomIdSchema.safeParse(value).success
}
