import type { Template, TemplateFile } from '@roofline/shared'
import { templateSchema } from '@roofline/shared'

/**
 * Two small templates for session tests, so the tests do not depend on the built-in library's
 * wording. Every hidden string contains "SECRET" so a wire check can look for leaks.
 */
const files: TemplateFile[] = [
  {
    schemaVersion: 1,
    id: 'fixture-serving',
    title: 'Fixture: serve a 70B model',
    prompt: 'Design serving for a 70B chat model.',
    sources: ['002_5bf45d9c8afd0c6e.txt'],
    tags: ['inference'],
    level: 'senior',
    lens: 'scale and speed',
    clarifyingQuestions: [
      { id: 'peak-qps', question: 'What is the peak QPS?', answer: 'SECRET-ANSWER 12,000 QPS at peak' },
    ],
    cards: [
      {
        id: 'gpu-loss',
        kind: 'stress-test',
        title: 'Lose 20% of GPUs',
        body: 'SECRET-CARD a rack of H100s fails',
      },
      { id: 'budget', kind: 'constraint', title: 'Budget', body: 'SECRET-BUDGET 400 H100s at most' },
    ],
    rubric: [
      {
        id: 'clarify',
        title: 'Clarifies first',
        strong: 'SECRET-RUBRIC asks for QPS',
        failure: 'SECRET-RUBRIC jumps in',
      },
    ],
  },
  {
    schemaVersion: 1,
    id: 'fixture-training',
    title: 'Fixture: train on 1,000 GPUs',
    prompt: 'Design training for a 1,000-GPU cluster.',
    sources: ['000_78befac108aa0ff1.txt'],
    tags: ['training'],
    level: 'staff',
    lens: 'scale and speed',
    phases: [
      { id: 'one', title: 'One', goal: 'First', minutes: 1 },
      { id: 'two', title: 'Two', goal: 'Second', minutes: 2 },
    ],
    cards: [
      { id: 'straggler', kind: 'follow-up', title: 'Stragglers', body: 'SECRET-TRAINING one node is slow' },
    ],
    rubric: [
      {
        id: 'math',
        title: 'Does the math',
        strong: 'SECRET-RUBRIC-2 6ND',
        failure: 'SECRET-RUBRIC-2 guesses',
      },
    ],
  },
]

/** The fixture templates, validated. */
export const fixtureTemplates: Template[] = files.map((file) => templateSchema.parse(file))
