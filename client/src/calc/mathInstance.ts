import { all, create, type MathNode, type Unit } from 'mathjs'

/**
 * The one mathjs instance of the calculator panel: its units (mathjs's own plus Roofline's
 * FLOP, params, tokens, requests, ratio and USD) do every unit conversion, and its parser reads
 * free-form expressions. It is locked down as the mathjs security guide advises for untrusted
 * input: the functions that change the instance or parse a string into code are replaced by
 * ones that throw, so an expression cannot reach them.
 */
// mathjs types its full function set as optional; it is always there in the full build.
if (!all) throw new Error('mathjs was loaded without its functions')
const math = create(all)

// Counting units get SI prefixes so "70 Gparam" and "8 ktoken" convert like bytes do. ratio is
// its own base so that percent converts through mathjs instead of a factor written here.
math.createUnit({
  FLOP: { prefixes: 'short', aliases: ['FLOPs', 'flop'] },
  param: { prefixes: 'short', aliases: ['params'] },
  token: { prefixes: 'short', aliases: ['tokens'] },
  elem: { aliases: ['element', 'elements'] },
  req: { prefixes: 'short', aliases: ['request', 'requests'] },
  ratio: {},
  percent: { definition: '0.01 ratio' },
  USD: { aliases: ['usd'] },
})

// Taken before the lock-down below: these are the instance's real parser and unit constructor.
const parse = math.parse
const unit = math.unit
const isUnitName = (name: string) => math.Unit.isValuelessUnit(name)

/** Names an expression must never reach (mathjs security guide, plus everything that parses text). */
const DISABLED = [
  'import',
  'createUnit',
  'reviver',
  'evaluate',
  'parse',
  'compile',
  'parser',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'resolve',
  'rationalize',
  'leafCount',
  'symbolicEqual',
] as const

math.import(
  Object.fromEntries(
    DISABLED.map((name) => [
      name,
      () => {
        throw new Error(`${name} is disabled`)
      },
    ]),
  ),
  { override: true },
)

/** Names of the functions the lock-down replaced, for tests and error messages. */
export const disabledFunctions: readonly string[] = DISABLED

/**
 * Converts `value` from one unit to another with mathjs.
 *
 * @example convertUnit(80, 'GiB', 'B') // 85899345920
 * @example convertUnit(400, 'Gb/s', 'B/s') // 5e10
 */
export function convertUnit(value: number, from: string, to: string): number {
  return unit(value, from).toNumber(to)
}

/** A mathjs unit object (for checking what dimension a free-form result has). */
export function mathUnit(text: string): Unit {
  return unit(text)
}

/** Parses an expression into a mathjs syntax tree without evaluating it. Throws mathjs's SyntaxError. */
export function parseExpressionTree(text: string): MathNode {
  return parse(text)
}

/** Whether `name` is a unit mathjs knows (with any prefix), e.g. 'GB', 'TFLOP', 'us'. */
export function isKnownUnit(name: string): boolean {
  return isUnitName(name)
}
