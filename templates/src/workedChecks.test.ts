import { checksWithin, disagreementsOf, type Template, templateSchema } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import { loadBuiltInTemplates } from './index.ts'

const templates = loadBuiltInTemplates()

describe('executable rubrics', () => {
  it.each(templates.map((template) => [template.id, template] as const))(
    '%s: every worked figure agrees with the calculators',
    (_id, template) => {
      expect(disagreementsOf(template.id, template.checks)).toEqual([])
    },
  )
})

describe('an archive that kept only the rubric (no answer or card revealed)', () => {
  it.each(templates.map((template) => [template.id, template] as const))(
    '%s: its cut checks still load and agree',
    (_id, template) => {
      const rubric = new Set(template.rubric.map((item) => item.id))
      const cut = templateSchema.parse({
        ...template,
        clarifyingQuestions: [],
        cards: [],
        checks: checksWithin(template.checks, rubric),
      })
      expect(cut.checks.every((check) => rubric.has(check.in))).toBe(true)
      expect(disagreementsOf(cut.id, cut.checks)).toEqual([])
    },
  )
})

describe('a template whose combined figure is wrong', () => {
  const diagnosis = templates.find((template) => template.id === 'gpu-bottleneck-diagnosis')
  if (!diagnosis) throw new Error('no gpu-bottleneck-diagnosis template')

  /** The template as a file would hold it, with one stated figure changed in text and check alike. */
  const withGap = (stated: string, expected: number): Template => {
    const file = structuredClone(diagnosis)
    const card = file.cards.find((c) => c.id === 'c-allreduce')
    if (!card) throw new Error('no c-allreduce card')
    card.title = card.title.replace('9x slower', `${stated}x slower`)
    const check = file.checks.find((c) => c.id === 'k-reduction-gap')
    if (!check) throw new Error('no k-reduction-gap check')
    Object.assign(check, { quote: `Gradient reduction is ${stated}x slower`, expected })
    return templateSchema.parse(file)
  }

  it('fails the test with the template id, the check, where it is stated, the operation and both numbers', () => {
    const wrong = withGap('12', 12)
    expect(disagreementsOf(wrong.id, wrong.checks)).toEqual([
      'gpu-bottleneck-diagnosis checks.k-reduction-gap (c-allreduce: "Gradient reduction is 12x slower"): ' +
        '1.5 ÷ k-ring is 8.773, the template states 12 (off by 26.9%, tolerance 5%)',
    ])
  })

  it('and passes again once the stated figure is what the calculators give', () => {
    const right = withGap('8.8', 8.8)
    expect(disagreementsOf(right.id, right.checks)).toEqual([])
  })

  it('reports a combined figure whose operand no longer computes, naming the operand', () => {
    const file = structuredClone(diagnosis)
    const ring = file.checks.find((c) => c.id === 'k-ring')
    if (!ring || !('inputs' in ring)) throw new Error('no k-ring calculator check')
    ring.inputs.ranks = 0
    const broken = templateSchema.parse(file)
    expect(disagreementsOf(broken.id, broken.checks)).toContain(
      'gpu-bottleneck-diagnosis checks.k-reduction-gap (c-allreduce: "Gradient reduction is 9x slower"): ' +
        'cannot be computed: of.1: check "k-ring" has no value',
    )
  })
})
