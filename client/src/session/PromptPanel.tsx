import { formatClock, type RevealedItem } from '@roofline/shared'
import './session.css'

const KIND_LABELS: Record<RevealedItem['kind'], string> = {
  constraint: 'Constraint',
  answer: 'Answer',
  'follow-up': 'Follow-up',
  'stress-test': 'Stress test',
}

/** The prompt as the candidate reads it, and everything revealed so far, newest first. */
export function PromptPanel({
  title,
  prompt,
  revealed,
}: {
  title: string
  prompt: string
  revealed: RevealedItem[]
}) {
  return (
    <section className="panel-section" aria-label="Prompt">
      <h2 className="prompt-title">{title}</h2>
      <p className="prompt-text" data-testid="prompt">
        {prompt}
      </p>
      {revealed.length > 0 && (
        <div className="revealed" data-testid="revealed">
          <h3>Revealed</h3>
          {[...revealed].reverse().map((item) => (
            <article
              key={item.id}
              className={`revealed-card kind-${item.kind}`}
              data-testid={`revealed-${item.id}`}
            >
              <header>
                <span className="card-kind">{KIND_LABELS[item.kind]}</span>
                <span className="card-time">at {formatClock(item.sessionClockMs, 'down')}</span>
              </header>
              <strong>{item.title}</strong>
              <p>{item.body}</p>
            </article>
          ))}
        </div>
      )}
    </section>
  )
}
