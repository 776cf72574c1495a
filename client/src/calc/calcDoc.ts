import {
  boardDocKeys,
  type CalcFieldEntry,
  type CalcLink,
  type CalcPresetKind,
  type CalcRecordedResult,
  type CalcView,
  calcFieldEntrySchema,
  calcLinkPrefix,
  calcLinkSchema,
  calcPresetIdSchema,
  calcPresetKinds,
  calcPresetsKey,
  calcResultKey,
  calcViewKey,
  calcViewSchema,
} from '@roofline/shared'
import * as Y from 'yjs'

/**
 * The calculator panel's state in the room's Y.Doc (layout in shared/src/calcPanel.ts): reading
 * it defensively, since any participant's client may have written anything there, and writing
 * one field per key so that two people typing in different fields never overwrite each other.
 */

/** The panel's shared state as plain data. */
export interface CalcDocState {
  /** Chosen preset id per kind ('' for none). */
  presets: Readonly<Record<CalcPresetKind, string>>
  /** Typed inputs per calculator id, then per field name. */
  inputs: Readonly<Record<string, Readonly<Record<string, CalcFieldEntry>>>>
  /** Inputs that take another calculator's result, per calculator id, then per field name. */
  links: Readonly<Record<string, Readonly<Record<string, CalcLink>>>>
  /** The tab and calculator open for everyone following; null before anyone opened one. */
  view: CalcView | null
}

/** The state of a room nobody has used the calculators in. */
export const emptyCalcDocState: CalcDocState = {
  presets: { model: '', gpu: '', link: '' },
  inputs: {},
  links: {},
  view: null,
}

/** The calculator map of a room's doc. */
export function calcMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(boardDocKeys.calc)
}

/**
 * Reads the calculator map. Entries that do not match the schema (wrong type, over-long text)
 * are left out, so they read as empty fields rather than reaching a calculator.
 *
 * @example readCalcDoc(calcMap(doc)).inputs.kvCache?.layers // { raw: '80', unit: '' }
 */
export function readCalcDoc(map: Y.Map<unknown>): CalcDocState {
  const presets = { ...emptyCalcDocState.presets }
  const inputs = new Map<string, Readonly<Record<string, CalcFieldEntry>>>()
  const links = new Map<string, Readonly<Record<string, CalcLink>>>()
  const view = calcViewSchema.safeParse(map.get(calcViewKey))
  for (const [key, value] of map.entries()) {
    if (!(value instanceof Y.Map)) continue
    if (key === calcPresetsKey) {
      for (const kind of calcPresetKinds) {
        const parsed = calcPresetIdSchema.safeParse(value.get(kind))
        if (parsed.success) presets[kind] = parsed.data
      }
      continue
    }
    const fields = new Map<string, CalcFieldEntry>()
    const linked = new Map<string, CalcLink>()
    for (const [field, entry] of (value as Y.Map<unknown>).entries()) {
      if (field.startsWith(calcLinkPrefix)) {
        const link = calcLinkSchema.safeParse(entry)
        if (link.success) linked.set(field.slice(calcLinkPrefix.length), link.data)
        continue
      }
      if (field.startsWith('$')) continue
      const parsed = calcFieldEntrySchema.safeParse(entry)
      if (parsed.success) fields.set(field, parsed.data)
    }
    // fromEntries defines own properties, so a key like '__proto__' stays an ordinary key.
    inputs.set(key, Object.fromEntries(fields))
    if (linked.size > 0) links.set(key, Object.fromEntries(linked))
  }
  return {
    presets,
    inputs: Object.fromEntries(inputs),
    links: Object.fromEntries(links),
    view: view.success ? view.data : null,
  }
}

/** The map of one calculator, created on first write. */
function calculatorMap(map: Y.Map<unknown>, id: string): Y.Map<unknown> {
  const existing = map.get(id)
  if (existing instanceof Y.Map) return existing
  const created = new Y.Map<unknown>()
  map.set(id, created)
  return created
}

/**
 * Writes some fields of one calculator, and in the same transaction the result the writer
 * computes from the calculator's inputs after the change (for the recording).
 *
 * @example writeInputs(doc, 'kvCache', { layers: { raw: '80', unit: '' } }, (all) => recordedResult(evaluate(all)))
 */
export function writeInputs(
  doc: Y.Doc,
  calculatorId: string,
  patch: Readonly<Record<string, CalcFieldEntry>>,
  resultOf: (inputs: Readonly<Record<string, CalcFieldEntry>>) => CalcRecordedResult | null,
): void {
  doc.transact(() => {
    const map = calcMap(doc)
    const fields = calculatorMap(map, calculatorId)
    for (const [name, entry] of Object.entries(patch)) fields.set(name, { raw: entry.raw, unit: entry.unit })
    const result = resultOf(readCalcDoc(map).inputs[calculatorId] ?? {})
    if (result) fields.set(calcResultKey, result)
  })
}

/** Chooses a preset for everyone in the room. */
export function writePreset(doc: Y.Doc, kind: CalcPresetKind, id: string): void {
  doc.transact(() => {
    calculatorMap(calcMap(doc), calcPresetsKey).set(kind, id)
  })
}

/** Stores results computed elsewhere (calculators whose linked inputs changed), for the recording. */
export function writeResults(doc: Y.Doc, results: Readonly<Record<string, CalcRecordedResult>>): void {
  doc.transact(() => {
    const map = calcMap(doc)
    for (const [id, result] of Object.entries(results)) calculatorMap(map, id).set(calcResultKey, result)
  })
}

/**
 * Makes input `field` of `calculatorId` take another calculator's result (null: stop, and keep
 * `keep` typed in its place so the figure does not change under anyone).
 */
export function writeLink(
  doc: Y.Doc,
  calculatorId: string,
  field: string,
  link: CalcLink | null,
  keep: CalcFieldEntry,
): void {
  doc.transact(() => {
    const fields = calculatorMap(calcMap(doc), calculatorId)
    // The value stays typed beside the link, for clients and recordings that predate links.
    fields.set(field, { raw: keep.raw, unit: keep.unit })
    if (link) fields.set(`${calcLinkPrefix}${field}`, { calculator: link.calculator, output: link.output })
    else fields.delete(`${calcLinkPrefix}${field}`)
  })
}

/** Opens a tab and calculator for everyone who follows the room. */
export function writeView(doc: Y.Doc, view: CalcView): void {
  const map = calcMap(doc)
  const current = calcViewSchema.safeParse(map.get(calcViewKey)).data
  // Re-opening what is open already adds nothing to the recording.
  if (current?.tab === view.tab && current.calculator === view.calculator && current.by === view.by) return
  doc.transact(() => {
    map.set(calcViewKey, { tab: view.tab, calculator: view.calculator, by: view.by })
  })
}
