import type { CalcFieldEntry, CalcLink, CalcRecordedResult } from '@roofline/shared'
import type { CalculatorInfo } from '@roofline/shared/calc'
import type { CalcDocState } from './calcDoc.ts'
import { type CalculatorEvaluation, evaluateCalculator, recordedResult } from './evaluateCalculator.ts'
import { formatFigure } from './formatFigure.ts'
import { panelCalculatorById, panelCalculators } from './panelCalculators.ts'
import { bestUnitFor, formatRaw, fromSI } from './unitOptions.ts'

/**
 * Results that feed other calculators' inputs ("use in…"): a linked input reads the source
 * calculator's figure every time it is evaluated, so it follows the source as it changes, in
 * every browser and in the replay, without anyone writing it again. Links whose ends do not
 * exist or whose units differ are ignored; a loop of links is refused at the field.
 */

/** Where a linked input's value comes from, as the field and the derivation say it. */
export interface LinkSource {
  link: CalcLink
  /** 'KV cache' */
  calculatorTitle: string
  /** 'Total' */
  outputLabel: string
  /** The figure as printed, e.g. '26.8 GB'; null while the source has no result. */
  text: string | null
}

/** A calculator evaluated with its links followed. */
export interface LinkedEvaluation {
  evaluation: CalculatorEvaluation
  /** The entries evaluated: typed ones, and linked ones as the source's figure. */
  entries: Readonly<Record<string, CalcFieldEntry>>
  /** Per linked field name. */
  sources: Readonly<Record<string, LinkSource>>
}

/** A link's two ends, when both exist and their units agree. */
function linkEnds(calculator: CalculatorInfo, field: string, link: CalcLink) {
  const input = calculator.fields.find((f) => f.name === field)
  const source = panelCalculatorById(link.calculator)
  const output = source?.outputs.find((o) => o.name === link.output)
  if (!input || !source || !output || output.unit !== input.unit) return null
  return { input, source, output }
}

/**
 * Evaluates `calculator` from the room's state, each linked input taking its source's figure.
 *
 * @example evaluateLinked(state, decodeStep).sources.kvBytes?.text // '26.8 GB'
 */
export function evaluateLinked(state: CalcDocState, calculator: CalculatorInfo): LinkedEvaluation {
  return evaluateOnce(state, calculator, new Set(), new Map())
}

/**
 * evaluateLinked, each calculator evaluated once per call (`done`), so links that fan in
 * cannot multiply the work, whatever a client wrote into the room.
 */
function evaluateOnce(
  state: CalcDocState,
  calculator: CalculatorInfo,
  upstream: ReadonlySet<string>,
  done: Map<string, LinkedEvaluation>,
): LinkedEvaluation {
  const known = done.get(calculator.id)
  if (known) return known
  const result = evaluateFresh(state, calculator, upstream, done)
  done.set(calculator.id, result)
  return result
}

function evaluateFresh(
  state: CalcDocState,
  calculator: CalculatorInfo,
  upstream: ReadonlySet<string>,
  done: Map<string, LinkedEvaluation>,
): LinkedEvaluation {
  const entries: Record<string, CalcFieldEntry> = { ...(state.inputs[calculator.id] ?? {}) }
  const sources: Record<string, LinkSource> = {}
  const broken: Record<string, string> = {}
  const visiting = new Set([...upstream, calculator.id])
  // A source that takes its own input from here (through any chain) makes a loop.
  const downstream = new Set([calculator.id, ...dependentsOf(state, calculator.id)])
  for (const [field, link] of Object.entries(state.links[calculator.id] ?? {})) {
    const ends = linkEnds(calculator, field, link)
    if (!ends) continue
    const { input, source, output } = ends
    const named = { link, calculatorTitle: source.title, outputLabel: output.label }
    entries[field] = { raw: '', unit: '' }
    if (visiting.has(source.id) || downstream.has(source.id)) {
      sources[field] = { ...named, text: null }
      broken[field] = `Circular: ${source.title} takes its input from this calculator`
      continue
    }
    const value = evaluateOnce(state, source, visiting, done).evaluation.result?.[output.name]
    if (typeof value !== 'number') {
      sources[field] = { ...named, text: null }
      broken[field] = `${source.title} has no result yet`
      continue
    }
    const unit = bestUnitFor(input.unit, value)
    entries[field] = { raw: formatRaw(fromSI(value, input.unit, unit)), unit }
    sources[field] = { ...named, text: formatFigure(value, output.unit) }
  }
  const evaluation = evaluateCalculator(calculator, entries)
  if (Object.keys(broken).length === 0) return { evaluation, entries, sources }
  return {
    evaluation: { ...evaluation, fieldErrors: { ...evaluation.fieldErrors, ...broken }, result: null },
    entries,
    sources,
  }
}

/**
 * The calculators that take a result of `calculatorId`, directly or through others.
 *
 * @example dependentsOf(state, 'kvCache') // ['decodeStep']
 */
export function dependentsOf(state: CalcDocState, calculatorId: string): string[] {
  const found = new Set<string>()
  const visit = (id: string) => {
    for (const [target, fields] of Object.entries(state.links)) {
      if (found.has(target) || target === calculatorId) continue
      if (Object.values(fields).some((link) => link.calculator === id)) {
        found.add(target)
        visit(target)
      }
    }
  }
  visit(calculatorId)
  return [...found]
}

/**
 * The recorded results of `ids` and of everything that takes their results, as they read now.
 */
export function linkedResults(
  state: CalcDocState,
  ids: readonly string[],
): Record<string, CalcRecordedResult> {
  const all = new Set(ids.flatMap((id) => [id, ...dependentsOf(state, id)]))
  const results: Record<string, CalcRecordedResult> = {}
  for (const id of all) {
    const calculator = panelCalculatorById(id)
    if (calculator) results[id] = recordedResult(evaluateLinked(state, calculator).evaluation)
  }
  return results
}

/** A field a result can be used in. */
export interface LinkTarget {
  calculatorId: string
  calculatorTitle: string
  field: string
  fieldLabel: string
}

/**
 * The inputs of other calculators that can take output `output` of `calculatorId`: same unit,
 * and not in a calculator that already feeds this one (which would make a loop).
 *
 * @example linkTargets(state, 'kvCache', 'bytes').some((t) => t.field === 'kvBytes') // true
 */
export function linkTargets(state: CalcDocState, calculatorId: string, output: string): LinkTarget[] {
  const unit = panelCalculatorById(calculatorId)?.outputs.find((o) => o.name === output)?.unit
  if (unit === undefined || unit === null) return []
  const feeding = new Set(
    panelCalculators.filter((c) => dependentsOf(state, c.id).includes(calculatorId)).map((c) => c.id),
  )
  return panelCalculators.flatMap((calculator) =>
    calculator.id === calculatorId || feeding.has(calculator.id)
      ? []
      : calculator.fields
          .filter((f) => f.unit === unit && f.kind !== 'choice' && f.kind !== 'flag')
          .map((f) => ({
            calculatorId: calculator.id,
            calculatorTitle: calculator.title,
            field: f.name,
            fieldLabel: f.label,
          })),
  )
}
