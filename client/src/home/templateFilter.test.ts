import type { TemplateSummary } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import { filterTemplates, relevance } from './templateFilter.ts'

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
const serving = templates[0] as TemplateSummary
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

  it('ranks a title match above a tag match above a prompt match, not by alphabet', () => {
    const ranked = (text: string, list: TemplateSummary[]) =>
      filterTemplates(list, { ...any, text }).map((t) => t.id)
    const tied: TemplateSummary[] = [
      { ...serving, id: 'prompt', title: 'Aardvark', tags: ['rag'], prompt: 'a cache for keys' },
      { ...serving, id: 'tag', title: 'Baboon', tags: ['cache'], prompt: 'nothing' },
      { ...serving, id: 'title', title: 'Cache of Zebras', tags: ['rag'], prompt: 'nothing' },
    ]
    expect(ranked('cache', tied)).toEqual(['title', 'tag', 'prompt'])
    // The old order was alphabetical: Aardvark, Baboon, Cache of Zebras.
    expect(ranked('', tied)).toEqual(['prompt', 'tag', 'title'])
  })

  it('puts more title words first, and orders full ties alphabetically', () => {
    const list: TemplateSummary[] = [
      { ...serving, id: 'one', title: 'Zeta KV store', tags: [], prompt: 'a cache' },
      { ...serving, id: 'two', title: 'Zulu KV cache', tags: [], prompt: 'x' },
      { ...serving, id: 'tie-b', title: 'Beta KV store', tags: [], prompt: 'a cache' },
    ]
    expect(filterTemplates(list, { ...any, text: 'kv cache' }).map((t) => t.id)).toEqual([
      'two',
      'tie-b',
      'one',
    ])
    expect(relevance(list[1] as TemplateSummary, ['kv', 'cache'])).toEqual([2, 0, 0])
    expect(relevance(list[0] as TemplateSummary, ['kv', 'cache'])).toEqual([1, 0, 1])
  })
})
