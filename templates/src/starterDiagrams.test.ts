import { aggregateHardware, starterDiagramProblems } from '@roofline/shared/shapes'
import { describe, expect, it } from 'vitest'
import { loadBuiltInTemplates } from './index.ts'

const withStarter = loadBuiltInTemplates().filter((t) => (t.starterDiagram?.length ?? 0) > 0)

describe("built-in templates' starter diagrams", () => {
  it('exist where the prompt describes a system the candidate starts from', () => {
    expect(withStarter.map((t) => t.id).sort()).toEqual([
      'finetune-70b-8xh100',
      'gpu-bottleneck-diagnosis',
      'llm-70b-cost-reduction',
    ])
  })

  it.each(withStarter.map((t) => [t.id, t.starterDiagram ?? []] as const))(
    '%s: every shape, link and binding is valid',
    (_, records) => {
      expect(starterDiagramProblems(records)).toEqual([])
    },
  )

  it('match the hardware the prompt names: one node of 8 H100 for the fine-tune', () => {
    const finetune = withStarter.find((t) => t.id === 'finetune-70b-8xh100')
    const nodes = (finetune?.starterDiagram ?? []).filter((r) => r.type === 'gpu-node')
    expect(nodes.map((n) => n.props)).toEqual([
      expect.objectContaining({ gpuId: 'h100-sxm', gpusPerNode: 8 }),
    ])
  })

  /** The first whole number before `words` in a template's clarifying answers ("1,024 H100" → 1024). */
  const stated = (templateId: string, words: string): number => {
    const template = withStarter.find((t) => t.id === templateId)
    const answers = (template?.clarifyingQuestions ?? []).map((q) => q.answer).join('\n')
    const match = new RegExp(`([\\d,]+) ${words}`).exec(answers)
    if (!match?.[1]) throw new Error(`${templateId}: no "<number> ${words}" in the answers`)
    return Number(match[1].replaceAll(',', ''))
  }
  const totals = (templateId: string) =>
    aggregateHardware(withStarter.find((t) => t.id === templateId)?.starterDiagram as never)

  it('match the hardware the prompt names: the training cluster of the bottleneck diagnosis', () => {
    const cluster = totals('gpu-bottleneck-diagnosis')
    expect(cluster.gpus).toBe(stated('gpu-bottleneck-diagnosis', 'H100 SXM GPUs'))
    expect(cluster.nodes).toBe(stated('gpu-bottleneck-diagnosis', 'nodes'))
  })

  it("match the hardware the prompt names: today's serving fleet of the cost reduction", () => {
    const fleet = totals('llm-70b-cost-reduction')
    expect(fleet.gpus).toBe(stated('llm-70b-cost-reduction', 'GPUs'))
    expect(fleet.nodes).toBe(stated('llm-70b-cost-reduction', 'nodes'))
    // One TP8 replica per node, as the baseline answer says: the model servers ask for every GPU.
    expect(fleet.modelServers.gpusRequested).toBe(fleet.gpus)
  })
})
