import { type ScenarioInput, simulate } from '@roofline/shared/sim'
import { describe, expect, it } from 'vitest'
import { loadBuiltInTemplates, parseTemplate } from './index.ts'

const templates = loadBuiltInTemplates()
const withPerturbation = templates.flatMap((t) =>
  t.cards.flatMap((card) => (card.perturbation ? [{ template: t.id, card }] : [])),
)

/** A small two-region design (one named as the card's region) at measured rates, run for 10 minutes. */
function design(region: string): ScenarioInput {
  const speed = { source: 'measured', prefillTokensPerSecond: 40_000, decodeTokensPerSecond: 8_000 } as const
  return {
    seconds: 600,
    arrivalRate: 8,
    sampleSeconds: 30,
    requests: { promptTokens: { mean: 1000 }, outputTokens: { mean: 200 } },
    pools: [
      { kind: 'colocated', id: 'home', region: `${region} region`, replicas: 2, maxBatch: 64, speed },
      { kind: 'colocated', id: 'other', region: 'elsewhere', replicas: 1, maxBatch: 64, speed },
    ],
  }
}

describe('stress cards that carry a perturbation', () => {
  it('are the ones the issue names: a burst, GPU loss, a region gone, longer outputs', () => {
    const kinds = new Set(withPerturbation.map((c) => c.card.perturbation?.kind))
    expect([...kinds].sort()).toEqual(['load', 'lose-gpus', 'output-length', 'region-down'])
    const burst = withPerturbation.find(
      (c) => c.template === 'llm-inference-10k-qps' && c.card.id === 'c-burst',
    )
    // "Traffic triples for five minutes".
    expect(burst?.card.perturbation).toEqual({ kind: 'load', factor: 3, from: 60, to: 360 })
  })

  it.each(withPerturbation.map((c) => [`${c.template} ${c.card.id}`, c.card] as const))(
    '%s changes a run of a drawn design the way its card says',
    async (_name, card) => {
      const p = card.perturbation
      if (!p) throw new Error('no perturbation')
      const region = p.kind === 'region-down' && p.region ? p.region : 'home'
      const [base, hit] = await Promise.all([
        simulate(design(region), { seed: 1 }),
        simulate({ ...design(region), perturbations: [p] }, { seed: 1 }),
      ])
      if (p.kind === 'load') expect(hit.requests.arrived).toBeGreaterThan(base.requests.arrived)
      if (p.kind === 'output-length') expect(hit.tokensPerSecond).toBeGreaterThan(base.tokensPerSecond)
      if (p.kind === 'lose-gpus' || p.kind === 'region-down') {
        expect(hit.notes.some((n) => n.includes(' lost '))).toBe(true)
        expect(hit.gpuBusyShare).not.toBe(base.gpuBusyShare)
      }
    },
    60_000,
  )

  it('a perturbation on a card that is not a stress test is refused', () => {
    const template = templates[0]
    if (!template) throw new Error('no templates')
    const card = {
      id: 'c-x',
      kind: 'follow-up',
      title: 'A follow-up',
      body: 'What then?',
      perturbation: { kind: 'load', factor: 2, from: 0 },
    }
    expect(() => parseTemplate(JSON.stringify({ ...template, cards: [card], checks: [] }), 'x.json')).toThrow(
      /only a stress-test card carries a perturbation/,
    )
  })
})
