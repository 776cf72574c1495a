/** A template as the browser lists it (no hidden material ever reaches this page). */
export interface TemplateSummary {
  id: string
  title: string
  prompt: string
  tags: string[]
  level: string
  lens: string
  sources: string[]
  custom: boolean
  phases: Array<{ id: string; title: string; minutes: number }>
  counts: { clarifyingQuestions: number; cards: number; rubric: number }
}
