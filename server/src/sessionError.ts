import { StatusError } from './statusError.ts'

/** Why a session request was refused; `status` is the HTTP status that fits. */
export class SessionError extends StatusError {
  override name = 'SessionError'
}
