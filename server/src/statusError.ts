/**
 * An error a person can read, with the HTTP status that fits it. Subclasses name where it
 * came from; routes and socket handlers turn it into a response without leaking internals.
 */
export class StatusError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}
