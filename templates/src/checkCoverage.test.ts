import type { Template } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import { loadBuiltInTemplates } from './index.ts'

const templates = loadBuiltInTemplates()

/**
 * The only templates allowed to have no worked checks, each with the reason: their texts state
 * no figure that a calculator, or arithmetic on their givens, derives (a sum, product or ratio of
 * givens is worked as a combined check, so "50,000 jobs an hour is about 14 a second" is checked
 * too). Every other template works its derived figures (FLOP/s, GPU counts, step times, bytes,
 * bandwidth, times, goodput, unit conversions) as checks; a new template lands here only with a
 * reason a reviewer can verify by reading it.
 */
const WITHOUT_CHECKS: Readonly<Record<string, string>> = {
  'internet-scale-training-privacy':
    'states givens only (snapshots, pages, tokens, cores, GPUs, weeks, detector recalls); no figure is derived from them',
  'multi-agent-collaboration':
    'states givens only (token and time budgets, report counts, a measured 15x token ratio, Mixtral’s published 13B active)',
}

/**
 * Figures that are always derived, never given: a FLOP count or rate, GPU-hours, an MFU. An item
 * stating one must carry the check that works it, so a rubric cannot state one unchecked.
 */
const DERIVED_FIGURE = /\d(?:\.\d+)?e\d+ FLOP|\d[\d,.]* (?:GPU|H100|A100)-hours|\d+% MFU/

function itemTexts(template: Template): Array<{ id: string; text: string }> {
  return [
    ...template.clarifyingQuestions.map((q) => ({ id: q.id, text: q.answer })),
    ...template.cards.map((c) => ({ id: c.id, text: c.body })),
    ...template.rubric.map((r) => ({ id: r.id, text: `${r.strong} ${r.failure}` })),
  ]
}

describe('every template works its calculated figures', () => {
  it('only the listed templates, which state no calculated figure, have no checks', () => {
    const withoutChecks = templates.filter((t) => t.checks.length === 0).map((t) => t.id)
    expect(withoutChecks.sort()).toEqual(Object.keys(WITHOUT_CHECKS).sort())
  })

  it('each listed template exists and gives a reason', () => {
    const ids = new Set(templates.map((t) => t.id))
    for (const [id, reason] of Object.entries(WITHOUT_CHECKS)) {
      expect(ids.has(id), id).toBe(true)
      expect(reason.length, id).toBeGreaterThan(20)
    }
  })

  it.each(templates.map((template) => [template.id, template] as const))(
    '%s: an item that states a FLOP count, GPU-hours or an MFU carries a check',
    (_id, template) => {
      const checked = new Set(template.checks.map((check) => check.in))
      const unchecked = itemTexts(template)
        .filter((item) => DERIVED_FIGURE.test(item.text) && !checked.has(item.id))
        .map((item) => `${item.id}: "${item.text.match(DERIVED_FIGURE)?.[0]}"`)
      expect(unchecked).toEqual([])
    },
  )
})
