import { describe, expect, it } from 'vitest'
import { assertUniqueStepNames, migratePropsUp, type PropsMigrationStep } from './migrations.ts'
import { checkProps } from './shapeSpec.ts'
import { kitShapeSpecs } from './specs.ts'

/** A step list of the kind a later change appends, to check the machinery. */
const fixtureSteps: PropsMigrationStep[] = [
  {
    name: 'AddNicsPerNode',
    up: (props) => ({ ...props, nicsPerNode: 8 }),
    down: ({ nicsPerNode: _, ...props }) => props,
  },
  {
    name: 'RenameGpuToGpuId',
    up: ({ gpu, ...props }) => ({ ...props, gpuId: gpu }),
    down: ({ gpuId, ...props }) => ({ ...props, gpu: gpuId }),
  },
]

describe('props migrations', () => {
  it('applies the steps after the stored version, in order', () => {
    const v0 = { gpu: 'h100-sxm', gpusPerNode: 8 }
    expect(migratePropsUp(fixtureSteps, v0)).toEqual({ gpuId: 'h100-sxm', gpusPerNode: 8, nicsPerNode: 8 })
    const v1 = { gpu: 'h100-sxm', gpusPerNode: 8, nicsPerNode: 4 }
    expect(migratePropsUp(fixtureSteps, v1, 1)).toEqual({ gpuId: 'h100-sxm', gpusPerNode: 8, nicsPerNode: 4 })
    expect(migratePropsUp(fixtureSteps, v1, 2)).toBe(v1)
  })

  it('down undoes up', () => {
    const v0 = { gpu: 'b200', gpusPerNode: 4 }
    const up = migratePropsUp(fixtureSteps, v0)
    const down = [...fixtureSteps].reverse().reduce((props, step) => step.down?.(props) ?? props, up)
    expect(down).toEqual(v0)
  })

  it('refuses two steps of one name', () => {
    expect(() => assertUniqueStepNames([...fixtureSteps, fixtureSteps[0] as PropsMigrationStep])).toThrow(
      'migration step "AddNicsPerNode" appears twice',
    )
  })

  it.each(kitShapeSpecs.map((spec) => [spec.type, spec] as const))(
    '%s: unique step names, and current props survive its steps',
    (_, spec) => {
      expect(() => assertUniqueStepNames(spec.migrations)).not.toThrow()
      for (const step of spec.migrations) expect(step.name).toMatch(/^[A-Z][A-Za-z0-9]+$/)
      // Migrating a current record is a no-op for the shape's schema.
      expect(
        checkProps(spec, migratePropsUp(spec.migrations, spec.defaults(), spec.migrations.length)).ok,
      ).toBe(true)
    },
  )
})
