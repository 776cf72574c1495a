import { calcPresetKinds, type TemplateStart } from '@roofline/shared'
import { gpuById, modelById } from '@roofline/shared/presets'
import type * as Y from 'yjs'
import { calcMap, readCalcDoc, writeInputs, writePreset } from './calcDoc.ts'
import { evaluateCalculator, recordedResult } from './evaluateCalculator.ts'
import { panelCalculators } from './panelCalculators.ts'
import { type ChosenPresets, presetEntries } from './presetFill.ts'

/**
 * Starts a session's calculators from its template's presets: the preset menus show the
 * template's model and GPU, and every calculator those presets feed has its inputs filled, as
 * if someone had chosen them in the panel. What is already chosen or typed is kept, so a late
 * call never overwrites anybody's work; two browsers doing it at once write the same values.
 * Unknown preset ids are left out. Returns the number of calculators filled.
 *
 * @example applyTemplatePresets(doc, { model: 'llama-3-70b', gpu: 'h100-sxm' }) // 12
 */
export function applyTemplatePresets(doc: Y.Doc, presets: TemplateStart['presets']): number {
  const current = readCalcDoc(calcMap(doc))
  const known: ChosenPresets = {
    model: presets.model ? modelById(presets.model) : undefined,
    gpu: presets.gpu ? gpuById(presets.gpu) : undefined,
  }
  const kinds = calcPresetKinds.filter((kind) => known[kind] && current.presets[kind] === '')
  if (kinds.length === 0) return 0
  let filled = 0
  doc.transact(() => {
    for (const kind of kinds) writePreset(doc, kind, known[kind]?.id ?? '')
    for (const calculator of panelCalculators) {
      const typed = current.inputs[calculator.id] ?? {}
      const entries = presetEntries(calculator, known, typed, kinds)
      const patch = Object.fromEntries(Object.entries(entries).filter(([name]) => !typed[name]?.raw.trim()))
      if (Object.keys(patch).length === 0) continue
      writeInputs(doc, calculator.id, patch, (inputs) =>
        recordedResult(evaluateCalculator(calculator, inputs)),
      )
      filled += 1
    }
  })
  return filled
}
