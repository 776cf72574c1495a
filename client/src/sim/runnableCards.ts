import type { PrivateState } from '@roofline/shared'
import type { RunnableCard } from './startRun.ts'

/**
 * The stress cards the interviewer has revealed that carry a perturbation: the ones that can be
 * run. Only the interviewer's private material lists cards, so the candidate and observers get
 * none and cannot start a run (they see the room's run as it goes).
 */
export function runnableCards(material: PrivateState | null): RunnableCard[] {
  return (material?.cards ?? []).flatMap((card) =>
    card.revealed && card.perturbation
      ? [{ id: card.id, title: card.title, perturbation: card.perturbation }]
      : [],
  )
}
