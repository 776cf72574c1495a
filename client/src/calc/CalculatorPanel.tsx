import {
  type CalcCardProps,
  type CalcFieldEntry,
  type CalcLink,
  type CalcPresetKind,
  type CalcRecordedResult,
  freeformCalculatorId,
} from '@roofline/shared'
import type { CalculatorInfo } from '@roofline/shared/calc'
import { gpuById, linkById, modelById } from '@roofline/shared/presets'
import { useEffect, useRef, useState } from 'react'
import { useRoom } from '../room/RoomProvider.tsx'
import { CalculatorForm } from './CalculatorForm.tsx'
import { calculatorCard, freeformCard } from './calcCardContent.ts'
import { calcMap, readCalcDoc, writeInputs, writeLink, writePreset, writeResults } from './calcDoc.ts'
import { evaluateLinked, linkedResults } from './calcLinks.ts'
import { calcTabs, calculatorGroups, categoryLabels, tabAfterKey, tabOf } from './calculatorTabs.ts'
import { evaluateExpression } from './expression.ts'
import { FollowToggle } from './FollowToggle.tsx'
import { FreeformLine } from './FreeformLine.tsx'
import { LatencyCheatSheet } from './LatencyCheatSheet.tsx'
import { MemoryBar } from './MemoryBar.tsx'
import { memoryPartsOf } from './memoryParts.ts'
import { PresetBar } from './PresetBar.tsx'
import { panelCalculatorById } from './panelCalculators.ts'
import { pinCalcCard } from './pinCard.ts'
import { type ChosenPresets, presetEntries, presetKindsFor } from './presetFill.ts'
import { RooflineChart } from './RooflineChart.tsx'
import { rooflineOfCalculation } from './rooflineChart.ts'
import { useCalcDoc } from './useCalcDoc.ts'
import { useCalcView } from './useCalcView.ts'
import './calcPanel.css'

const EXPRESSION_FIELD = 'expression'

/**
 * The shared calculators: tabs of calculators from the registry plus a free-form line. Every
 * keystroke goes into the room's document, so the other participant sees it as it is typed
 * and the recording keeps it; each browser checks and computes the inputs itself. The room's
 * document, editor and "open in panel" requests come from the page's room (`useRoom`).
 */
export function CalculatorPanel() {
  const { doc, readOnly, userName, editor, onOpenCardInPanel } = useRoom()
  const state = useCalcDoc(doc)
  const [open, setOpen] = useState(true)
  const canWrite = !readOnly && doc !== null
  const shared = useCalcView(doc, state.view, canWrite, userName)
  const { tab: tabId, chosen } = shared.view
  const sectionRef = useRef<HTMLElement>(null)
  const tabListRef = useRef<HTMLDivElement>(null)
  const tab = calcTabs.find((t) => t.id === tabId) ?? calcTabs[0]
  const calculator = tabId === 'freeform' ? undefined : panelCalculatorById(chosen[tabId])
  const presets: ChosenPresets = {
    model: modelById(state.presets.model),
    gpu: gpuById(state.presets.gpu),
    link: linkById(state.presets.link),
  }

  /** Writes, then records the results of the calculator and of those that take its results. */
  const writeCalculator = (target: CalculatorInfo, patch: Record<string, CalcFieldEntry>) => {
    if (readOnly || !doc) return
    doc.transact(() => {
      writeInputs(doc, target.id, patch, () => null)
      writeResults(doc, linkedResults(readCalcDoc(calcMap(doc)), [target.id]))
    })
  }
  /** Points a field at another calculator's result (null: back to typing, keeping `keep`). */
  const linkField = (targetId: string, field: string, link: CalcLink | null, keep: CalcFieldEntry) => {
    if (readOnly || !doc) return
    doc.transact(() => {
      writeLink(doc, targetId, field, link, keep)
      writeResults(doc, linkedResults(readCalcDoc(calcMap(doc)), [targetId]))
    })
  }
  const typedIn = (calculatorId: string, field: string) =>
    state.inputs[calculatorId]?.[field] ?? { raw: '', unit: '' }
  const writeExpression = (expression: string) => {
    if (readOnly || !doc) return
    writeInputs(doc, freeformCalculatorId, { [EXPRESSION_FIELD]: { raw: expression, unit: '' } }, (inputs) =>
      recordedExpression(inputs[EXPRESSION_FIELD]?.raw ?? ''),
    )
  }
  const choosePreset = (kind: CalcPresetKind, id: string) => {
    if (readOnly || !doc) return
    writePreset(doc, kind, id)
    if (!calculator) return
    const next = { ...presets, [kind]: lookupPreset(kind, id) }
    const patch = presetEntries(calculator, next, state.inputs[calculator.id] ?? {}, [kind])
    if (Object.keys(patch).length > 0) writeCalculator(calculator, patch)
  }
  const pin = (card: CalcCardProps) => {
    if (editor && !readOnly) pinCalcCard(editor, card)
  }

  // "Open in panel" on a card: show its calculator, and load its inputs for everyone.
  const openCard = useRef<(card: CalcCardProps) => void>(() => {})
  openCard.current = (card) => {
    setOpen(true)
    sectionRef.current?.scrollIntoView({ block: 'start' })
    if (card.calculatorId === freeformCalculatorId) {
      shared.open('freeform')
      writeExpression(card.inputs.find((i) => i.name === EXPRESSION_FIELD)?.raw ?? '')
      return
    }
    const target = panelCalculatorById(card.calculatorId)
    if (!target) return
    shared.open(tabOf(target), target.id)
    const patch = Object.fromEntries(
      target.fields.map((field) => {
        const input = card.inputs.find((i) => i.name === field.name)
        return [field.name, { raw: input?.raw ?? '', unit: input?.unit ?? '' }]
      }),
    )
    // The card's figures as pinned: its inputs replace any links the calculator has now.
    if (doc && !readOnly) {
      for (const field of Object.keys(state.links[target.id] ?? {})) {
        writeLink(doc, target.id, field, null, patch[field] ?? { raw: '', unit: '' })
      }
    }
    writeCalculator(target, patch)
  }
  useEffect(() => onOpenCardInPanel((card) => openCard.current(card)), [onOpenCardInPanel])

  const linked = calculator ? evaluateLinked(state, calculator) : null
  const entries = linked?.entries ?? {}
  const evaluation = linked?.evaluation ?? null
  const roofline =
    calculator && evaluation
      ? rooflineOfCalculation(calculator.id, evaluation.values, evaluation.result)
      : null
  const expression = state.inputs[freeformCalculatorId]?.[EXPRESSION_FIELD]?.raw ?? ''

  return (
    <section className="panel-section calc-panel" aria-label="Calculators" ref={sectionRef}>
      <h2 className="calc-panel-title">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Calculators
        </button>
        {readOnly && <span className="calc-readonly">read-only</span>}
        <FollowToggle
          follow={shared.follow}
          leader={state.view?.by ?? null}
          you={userName}
          onChange={shared.setFollow}
        />
      </h2>
      {open && (
        <>
          <PresetBar presets={state.presets} readOnly={!canWrite} onChoose={choosePreset} />
          <div
            className="calc-tabs"
            role="tablist"
            aria-label="Calculator groups"
            ref={tabListRef}
            onKeyDown={(event) => {
              const next = tabAfterKey(tabId, event.key)
              if (!next) return
              // Keys on the tab list move between tabs, never the board's selection.
              event.preventDefault()
              event.stopPropagation()
              shared.open(next)
              tabListRef.current?.querySelector<HTMLElement>(`#calc-tab-${next}`)?.focus()
            }}
          >
            {calcTabs.map((t) => (
              <button
                key={t.id}
                id={`calc-tab-${t.id}`}
                type="button"
                role="tab"
                aria-selected={t.id === tabId}
                aria-controls="calc-tabpanel"
                // Roving focus: Tab enters the list at the chosen tab, the arrows move within it.
                tabIndex={t.id === tabId ? 0 : -1}
                className={t.id === tabId ? 'calc-tab active' : 'calc-tab'}
                onClick={() => shared.open(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id="calc-tabpanel"
            aria-labelledby={`calc-tab-${tabId}`}
            className="calc-tabpanel"
          >
            {tabId === 'freeform' && (
              <FreeformLine
                expression={expression}
                readOnly={!canWrite}
                onChange={writeExpression}
                onPin={(text, result) => pin(freeformCard(text, result, userName))}
              />
            )}
            {tab && calculator && evaluation && (
              <>
                <div className="calc-picker">
                  <select
                    aria-label="Calculator"
                    data-testid="calculator-picker"
                    value={calculator.id}
                    onChange={(e) => shared.open(tab.id, e.target.value)}
                  >
                    {calculatorGroups(tab).map((group) => (
                      <optgroup key={group.category} label={categoryLabels[group.category]}>
                        {group.items.map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.title}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                  {canWrite && presetKindsFor(calculator).some((k) => presets[k]) && (
                    <button
                      type="button"
                      className="button secondary"
                      title="Fill this calculator from the chosen model, GPU and link"
                      onClick={() =>
                        writeCalculator(
                          calculator,
                          presetEntries(calculator, presets, state.inputs[calculator.id] ?? {}, [
                            'model',
                            'gpu',
                            'link',
                          ]),
                        )
                      }
                    >
                      Fill from presets
                    </button>
                  )}
                </div>
                <CalculatorForm
                  key={calculator.id}
                  calculator={calculator}
                  entries={entries}
                  evaluation={evaluation}
                  sources={linked?.sources ?? {}}
                  linkState={state}
                  readOnly={!canWrite}
                  onChange={(patch) => writeCalculator(calculator, patch)}
                  onUnlink={(field) =>
                    linkField(calculator.id, field, null, entries[field] ?? typedIn(calculator.id, field))
                  }
                  onUseIn={(output, target) => {
                    const link = { calculator: calculator.id, output }
                    linkField(
                      target.calculatorId,
                      target.field,
                      link,
                      typedIn(target.calculatorId, target.field),
                    )
                    const opened = panelCalculatorById(target.calculatorId)
                    if (opened) shared.open(tabOf(opened), opened.id)
                  }}
                  onPin={() =>
                    pin(calculatorCard(calculator, entries, evaluation, userName, linked?.sources))
                  }
                />
                {roofline && (
                  <RooflineChart
                    {...roofline}
                    title={rooflineTitle(roofline, presets)}
                    pointLabel={calculator.chart?.pointLabel ?? 'kernel'}
                  />
                )}
                {tabId === 'memory' && <MemoryBar gpu={presets.gpu} parts={memoryPartsOf(state.inputs)} />}
              </>
            )}
          </div>
          <LatencyCheatSheet />
        </>
      )}
    </section>
  )
}

function lookupPreset(kind: CalcPresetKind, id: string) {
  if (kind === 'model') return modelById(id)
  if (kind === 'gpu') return gpuById(id)
  return linkById(id)
}

/** The chart names the GPU when its roofs are the chosen GPU's, which is the usual case. */
function rooflineTitle(roofs: { peakFlops: number; memBandwidth: number }, presets: ChosenPresets): string {
  const gpu = presets.gpu
  if (gpu && gpu.bf16DenseFlops === roofs.peakFlops && gpu.hbmBandwidth === roofs.memBandwidth) {
    return `${gpu.name}, BF16 dense`
  }
  return 'the peak and bandwidth above'
}

function recordedExpression(expression: string): CalcRecordedResult {
  const outcome = evaluateExpression(expression)
  if (outcome.kind === 'ok') return { ok: true, figures: { result: outcome.text.slice(0, 64) } }
  return {
    ok: false,
    figures: {},
    ...(outcome.kind === 'error' ? { error: outcome.message.slice(0, 400) } : {}),
  }
}
