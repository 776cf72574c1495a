/**
 * Thrown when a scenario or a drawing cannot be simulated: `subject` names the shape, pool or
 * field at fault and `message` says what is missing, in words a person can act on.
 */
export class SimulationInputError extends Error {
  readonly subject: string

  constructor(subject: string, message: string) {
    super(`${subject}: ${message}`)
    this.name = 'SimulationInputError'
    this.subject = subject
  }
}
