import { z } from 'zod'
import { perturbation } from '../sim/scenario.ts'
import { defaultPhasePlan, phasePlanSchema } from '../timer/phasePlan.ts'
import { checkProblems } from './checkProblems.ts'
import { workedCheckSchema } from './workedChecks.ts'

/** Subjects a template can be filed under. */
export const templateTags = [
  'inference',
  'training',
  'data',
  'agents',
  'rag',
  'reliability',
  'product',
] as const
/** Seniority a template is pitched at. */
export const templateLevels = ['mid', 'senior', 'staff'] as const
/**
 * The two lenses one guide contrasts: infrastructure that must be fast at scale, and systems
 * whose answers must be right.
 */
export const templateLenses = ['scale and speed', 'reasoning and correctness'] as const

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'an id is lowercase letters, digits and "-", up to 80')
/** Text shown to people: trimmed, bounded, and never markup (it is always rendered as text). */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/<\s*\/?\s*[a-z!]/i.test(value), 'markup is not allowed; write plain text')

/** A question a strong candidate asks, with the answer the interviewer gives (hidden until revealed). */
export const clarifyingQuestionSchema = z.object({ id, question: text(300), answer: text(600) }).strict()

/**
 * A card the interviewer can reveal: a hidden constraint, a follow-up, or a stress test. A stress
 * test may carry the perturbation a simulated run applies when it is revealed (load × k for a
 * while, GPUs or a region lost, longer outputs, a slower link; see @roofline/shared/sim).
 */
export const revealCardSchema = z
  .object({
    id,
    kind: z.enum(['constraint', 'follow-up', 'stress-test']),
    title: text(120),
    body: text(800),
    perturbation: perturbation.optional(),
  })
  .strict()
  .refine((card) => card.perturbation === undefined || card.kind === 'stress-test', {
    message: 'only a stress-test card carries a perturbation',
    path: ['perturbation'],
  })

/** One scorecard criterion: what strong looks like and the failure mode to watch for. */
export const rubricItemSchema = z
  .object({ id, title: text(120), strong: text(600), failure: text(600) })
  .strict()

/** An interview prompt template. Version 1 of the file format. */
export const templateSchema = z
  .object({
    schemaVersion: z.literal(1),
    id,
    title: text(160),
    /** The prompt exactly as the candidate reads it. */
    prompt: text(2000),
    /** The interview guides it comes from, by file name. */
    sources: z.array(z.string().regex(/^[\w.-]+\.txt$/, 'a source is a guide file name')).min(1),
    tags: z.array(z.enum(templateTags)).min(1),
    level: z.enum(templateLevels),
    lens: z.enum(templateLenses),
    phases: phasePlanSchema.default(defaultPhasePlan),
    clarifyingQuestions: z.array(clarifyingQuestionSchema).max(40).default([]),
    cards: z.array(revealCardSchema).max(40).default([]),
    rubric: z.array(rubricItemSchema).min(1).max(20),
    /** Calculator presets the session starts with, by preset id. */
    presets: z.object({ model: z.string().optional(), gpu: z.string().optional() }).strict().default({}),
    /** Optional tldraw records to load as a starter diagram. */
    starterDiagram: z.array(z.record(z.string(), z.unknown())).max(500).optional(),
    /**
     * The calculations behind the numbers the answers, cards and rubric state, one per number,
     * so the tests recompute them and the interviewer sees them worked (hidden material).
     */
    checks: z.array(workedCheckSchema).max(80).default([]),
  })
  .strict()
  .superRefine((template, context) => {
    const texts = new Map<string, string>([
      ...template.clarifyingQuestions.map((q): [string, string] => [q.id, `${q.question}\n${q.answer}`]),
      ...template.cards.map((c): [string, string] => [c.id, `${c.title}\n${c.body}`]),
      ...template.rubric.map((r): [string, string] => [r.id, `${r.title}\n${r.strong}\n${r.failure}`]),
    ])
    for (const problem of checkProblems(template.checks, texts))
      context.addIssue({
        code: 'custom',
        // Named in full, so the line alone says which template's which check to fix.
        message: `${template.id} checks.${template.checks[problem.index]?.id}: ${problem.message}`,
        path: ['checks', problem.index, problem.field],
      })
    const ids = [
      ...template.clarifyingQuestions.map((q) => q.id),
      ...template.cards.map((c) => c.id),
      ...template.rubric.map((r) => r.id),
    ]
    const seen = new Set<string>()
    for (const [index, value] of ids.entries()) {
      if (seen.has(value))
        context.addIssue({ code: 'custom', message: `duplicate id "${value}"`, path: ['ids', index] })
      seen.add(value)
    }
  })

/** A validated template (defaults filled in). */
export type Template = z.infer<typeof templateSchema>
/** A template as written in a file (defaults may be omitted). */
export type TemplateFile = z.input<typeof templateSchema>
/** A rubric criterion. */
export type RubricItem = z.infer<typeof rubricItemSchema>

/**
 * Turns a zod error into lines that name the field and the reason, e.g.
 * `cards.2.title: markup is not allowed; write plain text`.
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
}
