import { formatQuantity } from '@roofline/shared/calc'
import { modelById, models } from '@roofline/shared/presets'
import {
  aggregateHardware,
  DEFAULT_MEMORY_EFFICIENCY,
  type EstimateQuestion,
  estimateSelection,
  type HardwareTotals,
  type Precision,
} from '@roofline/shared/shapes'
import { useMemo } from 'react'
import { atom, type Editor, type TLShape, useEditor, useValue } from 'tldraw'
import { useRoom } from '../room/RoomProvider.tsx'
import { EstimateAnswer } from './EstimateAnswer.tsx'
import './kit.css'
import './estimates.css'
import { KitField } from './KitField.tsx'

/** The model checked when neither the selection nor the session names one. */
const DEFAULT_MODEL = 'llama-3-70b'

/** The model check's inputs, kept while the selection changes (local to this browser). */
const question = atom<Omit<EstimateQuestion, 'modelId'> & { modelId: string | null }>('estimate question', {
  modelId: null,
  precision: 'bf16',
  batch: 32,
  contextTokens: 8192,
  memoryEfficiency: DEFAULT_MEMORY_EFFICIENCY,
})

/** The selected shapes and everything inside them (the parts in a selected pool count). */
export function selectedShapesWithDescendants(editor: Editor): TLShape[] {
  return [...editor.getShapeAndDescendantIds(editor.getSelectedShapeIds())]
    .map((id) => editor.getShape(id))
    .filter((shape) => shape !== undefined)
}

const bytes = (n: number) => formatQuantity(n, 'bytes')
const rate = (n: number) => formatQuantity(n, 'bytes/s')
const flops = (n: number) => formatQuantity(n, 'FLOP/s')

function Row({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="kit-stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  )
}

/** A labelled whole-number input; a value outside 1..`max` (or not a number) is not taken. */
function WholeNumberField(props: {
  label: string
  value: number
  step: number
  max: number
  title?: string
  onChange(value: number): void
}) {
  return (
    <KitField label={props.label} title={props.title}>
      {(id) => (
        <input
          id={id}
          type="number"
          min={1}
          step={props.step}
          value={props.value}
          onChange={(event) => {
            const n = Math.floor(Number(event.currentTarget.value))
            if (n >= 1 && n <= props.max) props.onChange(n)
          }}
        />
      )}
    </KitField>
  )
}

/** True when the totals have anything worth a panel. */
export function hasEstimates(totals: HardwareTotals): boolean {
  return totals.gpus > 0 || totals.modelServers.count > 0 || totals.links.count > 0 || totals.invalid > 0
}

/**
 * Diagram-aware estimates for the selection: what its hardware adds up to, and a model preset
 * on it one replica at a time (the selected model server's layout, or an assumed one, said so):
 * fit, decode at a stated HBM efficiency and ideal, prefill, and the fleet of replicas.
 */
export function Estimates() {
  const editor = useEditor()
  const totals = useValue(
    'selection totals',
    () => aggregateHardware(selectedShapesWithDescendants(editor)),
    [editor],
  )
  const asked = useValue(question)
  const { sessionModel } = useRoom()
  const readOnly = useValue('readonly', () => editor.getIsReadonly(), [editor])
  // A choice made here wins; then the model the selected servers run; then the session's preset.
  const modelId =
    asked.modelId ??
    totals.modelServers.modelIds[0] ??
    (modelById(sessionModel) ? sessionModel : DEFAULT_MODEL)
  const estimate = useMemo(
    () =>
      totals.gpus > 0 || totals.modelServers.count > 0
        ? estimateSelection(totals, { ...asked, modelId })
        : null,
    [totals, asked, modelId],
  )

  if (!hasEstimates(totals)) return null
  const set = (patch: Partial<typeof asked>) => question.set({ ...question.get(), ...patch })
  const servers = totals.modelServers
  const short = servers.gpusRequested > totals.gpus && totals.gpus > 0

  return (
    <section className="kit-panel kit-estimates" aria-label="Estimates" data-testid="estimates">
      <header className="kit-panel__header">
        <h2>Selection</h2>
      </header>
      <dl className="kit-stats">
        {totals.gpus > 0 && (
          <>
            <Row
              label="GPUs"
              testId="estimate-gpus"
              value={
                <>
                  <strong>{totals.gpus.toLocaleString('en-US')}</strong>{' '}
                  <span className="kit-muted">{totals.byGpu.map((g) => g.name).join(' + ')}</span>
                </>
              }
            />
            <Row
              label="HBM"
              testId="estimate-hbm"
              value={`${bytes(totals.hbmBytes)} · ${rate(totals.hbmBandwidth)}`}
            />
            <Row
              label="Dense FLOP/s"
              testId="estimate-flops"
              value={`${flops(totals.bf16Flops)} BF16${totals.fp8Flops ? ` · ${flops(totals.fp8Flops)} FP8` : ''}`}
            />
            <Row
              label="Scale-up"
              value={`${rate(totals.scaleUpPerGpu ?? 0)} a GPU · domain ${totals.largestScaleUpDomain}`}
            />
            <Row
              label="Scale-out"
              testId="estimate-scale-out"
              value={
                totals.scaleOutBandwidth > 0
                  ? `${rate(totals.scaleOutBandwidth)} · ${rate(totals.scaleOutBandwidth / totals.gpus)} a GPU`
                  : 'none'
              }
            />
          </>
        )}
        {totals.links.count > 0 && (
          <Row
            label="Links"
            value={`${totals.links.count} · ${rate(totals.links.bandwidthPerDirection)} per direction`}
          />
        )}
        {servers.count > 0 && (
          <Row
            label="Model servers"
            value={
              <span className={short ? 'kit-warn' : undefined}>
                {servers.count} asking for {servers.gpusRequested.toLocaleString('en-US')} GPUs
                {short && ` (only ${totals.gpus.toLocaleString('en-US')} selected)`}
              </span>
            }
          />
        )}
        {totals.invalid > 0 && (
          <Row
            label="Left out"
            testId="estimate-invalid"
            value={
              <span className="kit-warn">
                {totals.invalid} invalid shape{totals.invalid === 1 ? '' : 's'}
              </span>
            }
          />
        )}
      </dl>

      {estimate && (
        <div className="kit-fit">
          <h3>Model estimate</h3>
          <div className="kit-fit__inputs">
            <KitField label="Model" className="kit-field--model">
              {(id) => (
                <select
                  id={id}
                  value={modelId}
                  onChange={(event) => set({ modelId: event.currentTarget.value })}
                >
                  {models.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              )}
            </KitField>
            <KitField label="Precision">
              {(id) => (
                <select
                  id={id}
                  value={asked.precision}
                  onChange={(event) => set({ precision: event.currentTarget.value as Precision })}
                >
                  <option value="bf16">BF16</option>
                  <option value="fp8">FP8</option>
                </select>
              )}
            </KitField>
            <WholeNumberField
              label="Batch / replica"
              title="Sequences each replica decodes at once"
              value={asked.batch}
              step={1}
              max={1e6}
              onChange={(batch) => set({ batch })}
            />
            <WholeNumberField
              label="Context"
              title="Tokens per sequence; the prefill is a prompt this long"
              value={asked.contextTokens}
              step={1024}
              max={1e8}
              onChange={(contextTokens) => set({ contextTokens })}
            />
            <WholeNumberField
              label="HBM eff. %"
              title="Achieved share of peak HBM bandwidth in decode (the ideal, 100%, is shown too)"
              value={Math.round(asked.memoryEfficiency * 100)}
              step={5}
              max={100}
              onChange={(percent) => set({ memoryEfficiency: percent / 100 })}
            />
          </div>
          <EstimateAnswer estimate={estimate} totals={totals} readOnly={readOnly} />
        </div>
      )}
    </section>
  )
}
