import {
  type CalcCardProps,
  calcCardMigrations,
  calcCardPropsSchema,
  calcCardShapeType,
  freeformCalculatorId,
} from '@roofline/shared'
import { calculatorById } from '@roofline/shared/calc'
import { HTMLContainer, type TLShape, useEditor } from 'tldraw'
import { pinnedCardShapeUtil } from '../boardTools/pinnedCardShapeUtil.ts'
import { roomOfEditor } from '../room/editorRoom.ts'
import { CalcCardSvg } from './calcCardSvg.tsx'
import './formula.css'
import './calcCard.css'

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    'calc-card': CalcCardProps
  }
}

/** A calculator result pinned to the board. */
export type CalcCardShape = TLShape<'calc-card'>

/** Renders, sizes and migrates calc-card shapes; double-click opens the card in the panel. */
export class CalcCardShapeUtil extends pinnedCardShapeUtil<CalcCardShape>(
  calcCardShapeType,
  calcCardPropsSchema,
  calcCardMigrations,
) {
  getDefaultProps(): CalcCardProps {
    return {
      w: 340,
      h: 160,
      calculatorId: '',
      title: 'Calculation',
      inputs: [],
      steps: [],
      figures: [],
      pinnedBy: '',
    }
  }

  override onDoubleClick(shape: CalcCardShape): void {
    roomOfEditor(this.editor)?.openCardInPanel(shape.props)
  }

  component(shape: CalcCardShape) {
    return (
      <HTMLContainer>
        <CalcCardView card={shape.props} />
      </HTMLContainer>
    )
  }

  override toSvg(shape: CalcCardShape) {
    return <CalcCardSvg card={shape.props} />
  }
}

/** Whether "Open in panel" can load the card: a panel calculator or the free-form line pinned it. */
function opensInPanel(card: CalcCardProps): boolean {
  return card.calculatorId === freeformCalculatorId || calculatorById(card.calculatorId) !== undefined
}

function CalcCardView({ card }: { card: CalcCardProps }) {
  const editor = useEditor()
  return (
    <div className="calc-card" data-testid="calc-card">
      <header className="calc-card-head">
        <span className="calc-card-kind">Calculation</span>
        <strong className="calc-card-title">{card.title}</strong>
        {opensInPanel(card) && (
          <button
            type="button"
            className="calc-card-open"
            // The canvas would start a drag on this press; the button takes it instead.
            onPointerDown={(event) => editor.markEventAsHandled(event)}
            onClick={() => roomOfEditor(editor)?.openCardInPanel(card)}
            title="Load these inputs into the calculator panel"
          >
            Open in panel
          </button>
        )}
      </header>
      {card.inputs.length > 0 && (
        <dl className="calc-card-inputs">
          {card.inputs.map((input) => (
            <div key={input.name}>
              <dt>{input.label}</dt>
              <dd>{input.text}</dd>
            </div>
          ))}
        </dl>
      )}
      {card.steps.length > 0 && (
        <ol className="calc-card-steps">
          {card.steps.map((step) => (
            <li key={`${step.label}:${step.formula}`} className="calc-card-step">
              <span className="calc-card-step-label">{step.label}</span>
              <code>{step.formula}</code>
              <code>
                = {step.substituted} = <b>{step.result}</b>
              </code>
            </li>
          ))}
        </ol>
      )}
      <ul className="calc-card-figures">
        {card.figures.map((figure) => (
          <li key={figure.label} className="calc-card-figure">
            <span>{figure.label}</span>
            <strong>{figure.text}</strong>
          </li>
        ))}
      </ul>
      {card.pinnedBy && <footer className="calc-card-by">pinned by {card.pinnedBy}</footer>}
    </div>
  )
}
