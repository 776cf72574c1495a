import { formatNumber, formatQuantity, type Unit as SiUnit } from '@roofline/shared/calc'
import type { MathNode, Unit } from 'mathjs'
import { disabledFunctions, isKnownUnit, mathUnit, parseExpressionTree } from './mathInstance.ts'

/**
 * The free-form line: arithmetic with units, e.g. `70e9 * 2 B / (3.35 TB/s) in ms`, read by
 * mathjs and nothing else (no `eval`). Untrusted text from any participant is checked twice:
 * the mathjs instance has its dangerous functions disabled, and the parsed tree must consist
 * only of numbers, units, a few functions and arithmetic before it is evaluated, with an empty
 * scope so nothing persists between expressions.
 */

/** What the line shows. `position` is a 0-based index into the text, when the fault has one. */
export type ExpressionOutcome =
  | { kind: 'empty' }
  | { kind: 'ok'; text: string; detail: string | null }
  | { kind: 'error'; message: string; position: number | null }

/** Longest expression accepted: a back-of-envelope line, not a program. */
export const MAX_EXPRESSION_LENGTH = 300
/** Most syntax-tree nodes accepted. */
export const MAX_EXPRESSION_NODES = 150

const ALLOWED_OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'unaryMinus',
  'unaryPlus',
  'pow',
  'to',
])
const ALLOWED_FUNCTIONS = new Set([
  'sqrt',
  'cbrt',
  'abs',
  'ceil',
  'floor',
  'round',
  'min',
  'max',
  'log',
  'log2',
  'log10',
  'exp',
])
const ALLOWED_CONSTANTS = new Set(['pi', 'e'])

/** Units people reach for that mathjs spells differently, with what to write instead. */
const UNIT_HINTS: Record<string, string> = {
  KB: 'write kB (1000 B) or KiB (1024 B)',
  Kb: 'write kb (1000 bits) or Kib (1024 bits)',
  TFLOPS: 'write TFLOP/s',
  GFLOPS: 'write GFLOP/s',
  PFLOPS: 'write PFLOP/s',
  FLOPS: 'write FLOP/s',
  Gbps: 'write Gb/s',
  Mbps: 'write Mb/s',
  GBps: 'write GB/s',
  sec: 'write s',
  secs: 'write s',
  hr: 'write h',
}

/** Known dimensions shown with Roofline's own formatting (decimal prefixes, readable times). */
const KNOWN_DIMENSIONS: ReadonlyArray<{ base: string; unit: SiUnit }> = [
  { base: 'B', unit: 'bytes' },
  { base: 'B/s', unit: 'bytes/s' },
  { base: 's', unit: 's' },
  { base: 'FLOP', unit: 'FLOP' },
  { base: 'FLOP/s', unit: 'FLOP/s' },
]

class Refusal extends Error {
  readonly position: number | null
  constructor(message: string, position: number | null) {
    super(message)
    this.position = position
  }
}

/**
 * Evaluates one free-form line.
 *
 * @example evaluateExpression('70e9 * 2 B / (3.35 TB/s) in ms') // { kind: 'ok', text: '41.791 ms', ... }
 * @example evaluateExpression('import({}, {})') // { kind: 'error', message: 'import is not allowed …', position: 0 }
 */
export function evaluateExpression(source: string): ExpressionOutcome {
  const text = source.trim()
  if (text === '') return { kind: 'empty' }
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return {
      kind: 'error',
      message: `Too long: ${source.length} characters, at most ${MAX_EXPRESSION_LENGTH}`,
      position: MAX_EXPRESSION_LENGTH,
    }
  }
  // mathjs reads micro as 'u'; people type µ (micro sign) or μ (Greek mu). Same length, same positions.
  const normalized = source.replace(/[µμ]/g, 'u')
  try {
    const tree = parseTree(normalized)
    checkTree(tree, normalized)
    const value: unknown = tree.compile().evaluate({})
    return describeResult(value, tree)
  } catch (error) {
    if (error instanceof Refusal) return { kind: 'error', message: error.message, position: error.position }
    return { kind: 'error', ...explainEvaluationError(error, normalized) }
  }
}

function parseTree(text: string): MathNode {
  try {
    return parseExpressionTree(text)
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s*\(char \d+\)$/, '') : String(error)
    const char = (error as { char?: unknown }).char
    // mathjs counts characters from 1.
    const position = typeof char === 'number' ? Math.max(0, char - 1) : null
    throw new Refusal(`${message}`, position)
  }
}

/** Refuses anything but numbers, units, allowed constants, functions and operators. */
function checkTree(tree: MathNode, text: string): void {
  let nodes = 0
  let refusal: Refusal | null = null
  const refuse = (message: string, name?: string) => {
    refusal ??= new Refusal(message, name ? indexOfName(text, name) : null)
  }
  tree.traverse((node, path) => {
    nodes++
    switch (node.type) {
      case 'ConstantNode': {
        const value = (node as unknown as { value: unknown }).value
        if (typeof value !== 'number') refuse('Only numbers and units are allowed, not text')
        else if (!Number.isFinite(value)) refuse('A number is too large')
        break
      }
      case 'SymbolNode': {
        const name = (node as unknown as { name: string }).name
        // A function's name is checked at its FunctionNode.
        if (path === 'fn') break
        if (ALLOWED_CONSTANTS.has(name) || isKnownUnit(name)) break
        const hint = UNIT_HINTS[name]
        refuse(hint ? `Unknown unit "${name}": ${hint}` : `Unknown unit or name "${name}"`, name)
        break
      }
      case 'OperatorNode': {
        const { fn, op } = node as unknown as { fn: string; op: string }
        if (!ALLOWED_OPERATORS.has(fn)) refuse(`The operator "${op}" is not allowed here`, op)
        break
      }
      case 'ParenthesisNode':
        break
      case 'FunctionNode': {
        const fn = (node as unknown as { fn: { type: string; name?: string } }).fn
        const name = fn.type === 'SymbolNode' ? (fn.name ?? '') : ''
        if (disabledFunctions.includes(name)) refuse(`${name} is not allowed in an expression`, name)
        else if (!ALLOWED_FUNCTIONS.has(name)) {
          refuse(
            `Unknown function "${name || '?'}": use ${[...ALLOWED_FUNCTIONS].join(', ')}`,
            name || undefined,
          )
        }
        break
      }
      case 'AssignmentNode':
      case 'FunctionAssignmentNode':
        refuse('Assignments are not allowed: write one expression')
        break
      case 'BlockNode':
        refuse('Write one expression (no ; or line breaks)')
        break
      default:
        refuse(
          `${describeNode(node.type)} is not allowed: use numbers, units, + − × ÷ ^, parentheses and "to"`,
        )
    }
  })
  if (refusal) throw refusal
  if (nodes > MAX_EXPRESSION_NODES) {
    throw new Refusal(`Too complex: ${nodes} terms, at most ${MAX_EXPRESSION_NODES}`, null)
  }
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    AccessorNode: 'Property access',
    IndexNode: 'Indexing',
    ArrayNode: 'A matrix',
    ObjectNode: 'An object',
    RangeNode: 'A range',
    ConditionalNode: 'A condition',
    RelationalNode: 'A comparison',
  }
  return names[type] ?? 'This syntax'
}

/** Index of `name` as a whole word in `text`, or null. */
function indexOfName(text: string, name: string): number | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`(^|[^A-Za-z0-9_])(${escaped})`).exec(text)
  return match ? match.index + (match[1]?.length ?? 0) : null
}

function explainEvaluationError(error: unknown, text: string): { message: string; position: number | null } {
  const message = error instanceof Error ? error.message : String(error)
  if (/Units do not match/i.test(message)) {
    const conversion = /\s(to|in)\s/.exec(text)
    return {
      message: 'The units do not match: these quantities cannot be added, compared or converted',
      position: conversion ? conversion.index + 1 : null,
    }
  }
  if (error instanceof RangeError) return { message: 'Too complex to evaluate', position: null }
  return { message: message.slice(0, 200), position: null }
}

function isUnit(value: unknown): value is Unit {
  return typeof value === 'object' && value !== null && (value as { isUnit?: unknown }).isUnit === true
}

function describeResult(value: unknown, tree: MathNode): ExpressionOutcome {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return notFinite(value)
    return { kind: 'ok', text: formatNumber(value), detail: null }
  }
  if (isUnit(value)) {
    const si = value.value
    if (si === null || typeof si !== 'number' || !Number.isFinite(si)) return notFinite(Number(si))
    const converted = topLevelConversion(tree)
    const known = KNOWN_DIMENSIONS.find((d) => value.equalBase(mathUnit(d.base)))
    const detail = known ? `= ${formatNumber(value.toNumber(known.base))} ${known.base}` : null
    if (converted || !known) {
      return { kind: 'ok', text: prettyUnits(value.format({ precision: 5 })), detail }
    }
    return { kind: 'ok', text: formatQuantity(value.toNumber(known.base), known.unit), detail }
  }
  if (typeof value === 'object' && value !== null && (value as { isComplex?: boolean }).isComplex) {
    return {
      kind: 'error',
      message: 'No real result (square root or log of a negative number?)',
      position: null,
    }
  }
  return { kind: 'error', message: 'The result is not a number or a quantity', position: null }
}

function notFinite(value: number): ExpressionOutcome {
  return {
    kind: 'error',
    message: Number.isNaN(value)
      ? 'The result is undefined (0/0 or similar)'
      : 'The result is infinite: a division by zero, or a number beyond 1e308',
    position: null,
  }
}

function topLevelConversion(tree: MathNode): boolean {
  let node = tree as unknown as { type: string; fn?: unknown; content?: unknown }
  while (node.type === 'ParenthesisNode') node = node.content as typeof node
  return node.type === 'OperatorNode' && node.fn === 'to'
}

/** mathjs writes micro as 'u' and puts spaces around '/': show 'µs' and 'GB/s'. */
function prettyUnits(text: string): string {
  return text.replace(/\bu(s|m|B)\b/g, 'µ$1').replace(/ \/ /g, '/')
}
