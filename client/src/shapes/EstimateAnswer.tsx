import {
  type EstimateLine,
  type HardwareTotals,
  type SelectionEstimate,
  summarizeEstimate,
} from '@roofline/shared/shapes'
import { useEditor } from 'tldraw'
import { pinCalcCard } from '../calc/pinCard.ts'
import { estimateCard } from './estimateCard.ts'
import './kit.css'
import './estimates.css'

function Lines({ lines, scope }: { lines: readonly EstimateLine[]; scope: 'replica' | 'fleet' }) {
  return (
    <dl className="kit-estimate__lines">
      {lines.map((line) => (
        <div key={line.id}>
          <dt>{line.label}</dt>
          <dd data-testid={`estimate-${scope}-${line.id}`}>{line.value}</dd>
        </div>
      ))}
    </dl>
  )
}

/**
 * The answer of a selection estimate: the fit of one replica, one replica's figures and the
 * fleet's, why a figure is missing, and every caveat; the pinned card carries the same.
 */
export function EstimateAnswer(props: {
  estimate: SelectionEstimate
  totals: HardwareTotals
  readOnly: boolean
}) {
  const editor = useEditor()
  const summary = summarizeEstimate(props.estimate)
  return (
    <div className="kit-fit__answer">
      {summary.fit && (
        <p
          className={`kit-verdict ${summary.fits ? 'kit-verdict--ok' : 'kit-verdict--no'}`}
          data-testid="estimate-fit"
        >
          {summary.fit}
        </p>
      )}
      {summary.memory && <p className="kit-muted">{summary.memory}</p>}
      {summary.replicaHeading && summary.replica.length > 0 && (
        <section className="kit-estimate__group" data-testid="estimate-replica">
          <h4>{summary.replicaHeading}</h4>
          <Lines lines={summary.replica} scope="replica" />
        </section>
      )}
      {summary.fleetHeading && summary.fleet.length > 0 && (
        <section className="kit-estimate__group" data-testid="estimate-fleet">
          <h4>{summary.fleetHeading}</h4>
          <Lines lines={summary.fleet} scope="fleet" />
        </section>
      )}
      {summary.unavailable && (
        <p className="kit-warn" role="status" data-testid="estimate-unavailable">
          {summary.unavailable}
        </p>
      )}
      {summary.caveats.length > 0 && (
        <ul className="kit-estimate__caveats" data-testid="estimate-caveats">
          {summary.caveats.map((caveat) => (
            <li key={caveat} className="kit-note">
              {caveat}
            </li>
          ))}
        </ul>
      )}
      {!props.readOnly && props.estimate.memory && (
        <button
          type="button"
          className="kit-text-button kit-text-button--primary"
          onClick={() =>
            pinCalcCard(editor, estimateCard(props.totals, props.estimate, summary, editor.user.getName()))
          }
        >
          Pin to board
        </button>
      )}
    </div>
  )
}
