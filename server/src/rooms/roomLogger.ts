/** The minimal logger the rooms need (pino's shape). */
export interface RoomLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}
