/**
 * Thrown when a calculator input is missing, not a finite number, out of its meaningful range
 * (negative, zero where zero is meaningless, absurdly large) or inconsistent with another input.
 * `field` names the offending input so a form can highlight it; `message` says what was wrong
 * and what was received.
 *
 * @example
 * try { kvCache({ layers: -1, kvHeads: 8, headDim: 128, bytesPerElement: 2 }) }
 * catch (e) { if (e instanceof CalcInputError) e.field } // 'layers'
 */
export class CalcInputError extends Error {
  /** The input field at fault, e.g. 'layers'; '(input)' when the whole input is unusable. */
  readonly field: string
  /** The calculator id that rejected the input, e.g. 'kvCache'. */
  readonly calculator: string

  constructor(calculator: string, field: string, message: string) {
    super(message)
    this.name = 'CalcInputError'
    this.calculator = calculator
    this.field = field
  }
}
