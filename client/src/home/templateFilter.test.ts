import { describe, expect, it } from 'vitest'
import { filterTemplates, type TemplateSummary } from './templateFilter.ts'

const base = {
  sources: [],
  custom: false,
  phases: [],
  counts: { clarifyingQuestions: 1, cards: 1, rubric: 1 },
}
const templates: TemplateSummary[] = [
  {
    ...base,
    id: 'a',
    title: 'LLM inference serving at 10k QPS',
    prompt: 'Serve',
    tags: ['inference'],
    level: 'senior',
    lens: 'scale and speed',
  },
  {
    ...base,
    id: 'b',
    title: 'RAG pipeline',
    prompt: 'Retrieval for inference-time grounding',
    tags: ['rag'],
    level: 'mid',
    lens: 'reasoning and correctness',
  },
  {
    ...base,
    id: 'c',
    title: 'Training on 100K GPUs',
    prompt: 'Train',
    tags: ['training'],
    level: 'staff',
    lens: 'scale and speed',
  },
]
const any = { text: '', tag: '', level: '', lens: '' }

describe('filterTemplates', () => {
  it('matches every word of the search in title, prompt or tags, ignoring case', () => {
    expect(filterTemplates(templates, { ...any, text: 'Inference' }).map((t) => t.id)).toEqual(['a', 'b'])
    expect(filterTemplates(templates, { ...any, text: 'inference qps' }).map((t) => t.id)).toEqual(['a'])
    expect(filterTemplates(templates, { ...any, text: 'nothing like this' })).toEqual([])
  })

  it('filters by tag, level and lens together', () => {
    expect(filterTemplates(templates, { ...any, tag: 'rag' }).map((t) => t.id)).toEqual(['b'])
    expect(
      filterTemplates(templates, { ...any, lens: 'scale and speed', level: 'staff' }).map((t) => t.id),
    ).toEqual(['c'])
    expect(filterTemplates(templates, any)).toHaveLength(3)
  })
})
