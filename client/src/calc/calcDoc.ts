import {
  boardDocKeys,
  type CalcFieldEntry,
  type CalcPresetKind,
  type CalcRecordedResult,
  calcFieldEntrySchema,
  calcPresetIdSchema,
  calcPresetKinds,
  calcPresetsKey,
  calcResultKey,
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
}

/** The state of a room nobody has used the calculators in. */
export const emptyCalcDocState: CalcDocState = {
  presets: { model: '', gpu: '', link: '' },
  inputs: {},
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
    for (const [field, entry] of (value as Y.Map<unknown>).entries()) {
      if (field.startsWith('$')) continue
      const parsed = calcFieldEntrySchema.safeParse(entry)
      if (parsed.success) fields.set(field, parsed.data)
    }
    // fromEntries defines own properties, so a key like '__proto__' stays an ordinary key.
    inputs.set(key, Object.fromEntries(fields))
  }
  return { presets, inputs: Object.fromEntries(inputs) }
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
