import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Template, TemplateFile } from '@roofline/shared'
import { defaultPhasePlan, templateTags } from '@roofline/shared'
import { gpuById, modelById } from '@roofline/shared/presets'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  builtInTemplateDir,
  defaultTemplateId,
  loadBuiltInTemplates,
  parseTemplate,
  TemplateError,
} from './index.ts'

/**
 * The five interview guides the templates are written from. The guides themselves live outside
 * the repository (so CI cannot open them); a source outside this list is a typo or an invented
 * citation.
 */
const guideFiles = [
  '000_78befac108aa0ff1.txt',
  '001_2d47e72ecc4e8ec7.txt',
  '002_5bf45d9c8afd0c6e.txt',
  '003_375e4669547009bf.txt',
  '004_6ae1202ae996713e.txt',
]

const dataFiles = readdirSync(builtInTemplateDir).filter((name) => name.endsWith('.json'))
const templates = loadBuiltInTemplates()

/** Catches the error a call throws, so a test can assert on its fields. */
function thrown(run: () => unknown): TemplateError {
  try {
    run()
  } catch (error) {
    if (error instanceof TemplateError) return error
    throw error
  }
  throw new Error('expected a TemplateError')
}

describe('built-in template files', () => {
  it.each(dataFiles)('%s is valid', (fileName) => {
    // Parsing file by file means a failure names the file, the field and the reason.
    const template = parseTemplate(readFileSync(join(builtInTemplateDir, fileName), 'utf8'), fileName)
    expect(`${template.id}.json`).toBe(fileName)
  })

  it('the loader returns every file, sorted by title', () => {
    expect(templates).toHaveLength(dataFiles.length)
    const titles = templates.map((t) => t.title)
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en')))
  })

  it('there are at least 34 templates', () => {
    expect(templates.length).toBeGreaterThanOrEqual(34)
  })

  it('the issue 18 subjects each have a template', () => {
    // MoE serving, RL infrastructure, reasoning outputs, cluster scheduling, rack-scale power and
    // cooling, multi-site training, real-time voice and cold-start weight distribution.
    expect(templates.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        'moe-expert-parallel-serving',
        'rl-post-training-infrastructure',
        'reasoning-model-long-outputs',
        'gpu-cluster-scheduler',
        'gb200-nvl72-rack-design',
        'multi-datacenter-training',
        'realtime-voice-pipeline',
        'cold-start-weight-distribution',
      ]),
    )
  })

  it('ids are unique', () => {
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length)
  })

  it('the default template exists', () => {
    expect(templates.map((t) => t.id)).toContain(defaultTemplateId)
  })

  it('every tag, level and lens is used at least once', () => {
    const used = new Set(templates.flatMap((t) => t.tags))
    expect(templateTags.filter((tag) => !used.has(tag))).toEqual([])
    expect(new Set(templates.map((t) => t.level))).toEqual(new Set(['mid', 'senior', 'staff']))
    expect(new Set(templates.map((t) => t.lens))).toEqual(
      new Set(['scale and speed', 'reasoning and correctness']),
    )
  })

  it('every source is one of the five guides, and every guide is used', () => {
    for (const t of templates) {
      expect(
        t.sources.filter((s) => !guideFiles.includes(s)),
        t.id,
      ).toEqual([])
    }
    const cited = new Set(templates.flatMap((t) => t.sources))
    expect(guideFiles.filter((g) => !cited.has(g))).toEqual([])
  })

  it('every calculator preset exists', () => {
    for (const t of templates) {
      if (t.presets.model !== undefined) expect(modelById(t.presets.model), `${t.id} model`).toBeDefined()
      if (t.presets.gpu !== undefined) expect(gpuById(t.presets.gpu), `${t.id} gpu`).toBeDefined()
    }
  })

  it.each(templates.map((t) => [t.id, t] as const))('%s has a full interview kit', (_id, t: Template) => {
    expect(t.clarifyingQuestions.length).toBeGreaterThanOrEqual(4)
    expect(t.clarifyingQuestions.length).toBeLessThanOrEqual(8)
    expect(t.cards.length).toBeGreaterThanOrEqual(4)
    expect(t.cards.length).toBeLessThanOrEqual(8)
    expect(t.rubric.length).toBeGreaterThanOrEqual(4)
    expect(t.rubric.length).toBeLessThanOrEqual(7)
    // A template without a stress test cannot run the deep-dive phase the guides insist on.
    expect(t.cards.some((c) => c.kind === 'stress-test')).toBe(true)
    expect(t.cards.some((c) => c.kind === 'constraint')).toBe(true)
    // Custom plans still have to fit the 45-minute slot the guides describe.
    expect(t.phases.reduce((sum, p) => sum + p.minutes, 0)).toBe(45)
  })
})

/** The smallest template that validates; each broken-file test changes one thing. */
function minimalTemplate(id: string): TemplateFile {
  return {
    schemaVersion: 1,
    id,
    title: `Template ${id}`,
    prompt: 'Design a thing.',
    sources: ['002_5bf45d9c8afd0c6e.txt'],
    tags: ['inference'],
    level: 'senior',
    lens: 'scale and speed',
    rubric: [{ id: 'clarify', title: 'Clarifies', strong: 'Asks first.', failure: 'Draws boxes first.' }],
  }
}

describe('parseTemplate', () => {
  it('fills in the default phase plan and empty lists', () => {
    const t = parseTemplate(JSON.stringify(minimalTemplate('a')), 'a.json')
    expect(t.phases).toEqual(defaultPhasePlan)
    expect(t.cards).toEqual([])
    expect(t.presets).toEqual({})
  })

  it('rejects text that is not JSON, naming the file', () => {
    const error = thrown(() => parseTemplate('{"id": ', 'broken.json'))
    expect(error.fileName).toBe('broken.json')
    expect(error.message).toContain('broken.json')
    expect(error.message).toContain('not valid JSON')
  })

  it('names the file, the field and the reason for a wrong type', () => {
    const error = thrown(() => parseTemplate(JSON.stringify({ ...minimalTemplate('a'), level: 3 }), 'a.json'))
    expect(error.message).toContain('a.json')
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]).toMatch(/^level: /)
  })

  it('refuses markup inside a nested field', () => {
    const file = {
      ...minimalTemplate('a'),
      cards: [{ id: 'c', kind: 'stress-test', title: 'Spike <b>now</b>', body: 'Traffic triples.' }],
    }
    const error = thrown(() => parseTemplate(JSON.stringify(file), 'a.json'))
    expect(error.issues).toEqual(['cards.0.title: markup is not allowed; write plain text'])
  })

  it('accepts a less-than sign followed by a space and a digit', () => {
    const t = parseTemplate(
      JSON.stringify({ ...minimalTemplate('a'), prompt: 'Keep p99 < 200 ms.' }),
      'a.json',
    )
    expect(t.prompt).toBe('Keep p99 < 200 ms.')
  })
})

describe('loadBuiltInTemplates on a folder with a broken file', () => {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'roofline-templates-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const write = (fileName: string, content: unknown) =>
    writeFileSync(
      join(dir, fileName),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    )

  it('loads a valid folder and ignores files that are not JSON', () => {
    write('b.json', { ...minimalTemplate('b'), title: 'Alpha' })
    write('a.json', { ...minimalTemplate('a'), title: 'Beta' })
    write('README.txt', 'not a template')
    expect(loadBuiltInTemplates(dir).map((t) => t.id)).toEqual(['b', 'a'])
  })

  it('wrong type: names the file, the field and the reason', () => {
    write('a.json', minimalTemplate('a'))
    write('b.json', { ...minimalTemplate('b'), tags: 'inference' })
    const error = thrown(() => loadBuiltInTemplates(dir))
    expect(error.fileName).toBe('b.json')
    expect(error.message).toMatch(/b\.json[\s\S]*tags: /)
  })

  it('markup in a field', () => {
    write('a.json', { ...minimalTemplate('a'), prompt: 'Design <script>alert(1)</script>' })
    const error = thrown(() => loadBuiltInTemplates(dir))
    expect(error.fileName).toBe('a.json')
    expect(error.message).toContain('prompt: markup is not allowed')
  })

  it('missing rubric', () => {
    const { rubric: _rubric, ...withoutRubric } = minimalTemplate('a')
    write('a.json', withoutRubric)
    const error = thrown(() => loadBuiltInTemplates(dir))
    expect(error.fileName).toBe('a.json')
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]).toMatch(/^rubric: /)
  })

  it('duplicate id', () => {
    write('a.json', minimalTemplate('a'))
    write('b.json', minimalTemplate('a'))
    const error = thrown(() => loadBuiltInTemplates(dir))
    expect(error.fileName).toBe('b.json')
    expect(error.message).toContain('id: "a" is already used by a.json')
  })

  it('file name that is not the id', () => {
    write('llm-serving.json', minimalTemplate('llm-inference'))
    const error = thrown(() => loadBuiltInTemplates(dir))
    expect(error.fileName).toBe('llm-serving.json')
    expect(error.message).toContain('id: "llm-inference" does not match the file name')
  })
})
