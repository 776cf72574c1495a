import { starterDiagramProblems } from '@roofline/shared/shapes'
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
})
