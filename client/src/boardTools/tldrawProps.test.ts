import { gpuNodeShape, kitShapeSpecs, type PropsMigrationStep, type ShapeSpec } from '@roofline/shared/shapes'
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'

/** A tldraw store schema with the kit's shapes, as the board builds it (validators and migrations). */
function kitSchema(specs: readonly ShapeSpec[] = kitShapeSpecs) {
  return createTLSchema({
    shapes: {
      ...defaultShapeSchemas,
      ...Object.fromEntries(
        specs.map((spec) => [
          spec.type,
          { props: permissiveProps(spec), migrations: tldrawMigrations(spec) },
        ]),
      ),
    },
    bindings: defaultBindingSchemas,
  })
}

function gpuNodeRecord(props: Record<string, unknown>) {
  return {
    typeName: 'shape',
    id: 'shape:n1',
    type: 'gpu-node',
    x: 0,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { ...gpuNodeShape.defaults(), ...props },
  }
}

describe('tldraw validators derived from the zod schemas', () => {
  const schema = kitSchema()
  const validate = (record: unknown) => schema.types.shape.validate(record)

  it('accept out-of-range values the strict schema rejects, so the shape can show itself invalid', () => {
    expect(() => validate(gpuNodeRecord({ gpusPerNode: -4, gpuId: 'h900' }))).not.toThrow()
  })

  it('still reject wrong primitives and unknown props', () => {
    expect(() => validate(gpuNodeRecord({ gpusPerNode: 'eight' }))).toThrow()
    expect(() => validate(gpuNodeRecord({ gpusPerNode: Number.NaN }))).toThrow()
    expect(() => validate(gpuNodeRecord({ surprise: true }))).toThrow()
  })

  it('register every kit shape at version 0 of an empty step list', () => {
    const serialized = schema.serialize()
    for (const spec of kitShapeSpecs) {
      expect(serialized.sequences[`com.tldraw.shape.${spec.type}`]).toBe(spec.migrations.length)
    }
  })
})

describe('tldraw migrations derived from the named steps', () => {
  it("migrate a record written before a step, by the step's version id", () => {
    const steps: PropsMigrationStep[] = [
      {
        name: 'AddNicsPerNode',
        up: (props) => ({ ...props, nicsPerNode: 4 }),
        down: ({ nicsPerNode: _, ...props }) => props,
      },
    ]
    const withStep = { ...gpuNodeShape, migrations: steps } as unknown as ShapeSpec
    const before = kitSchema(kitShapeSpecs.filter((s) => s.type !== 'gpu-node'))
    const after = kitSchema([...kitShapeSpecs.filter((s) => s.type !== 'gpu-node'), withStep])
    const { nicsPerNode: _, ...oldProps } = gpuNodeShape.defaults()
    const oldRecord = { ...gpuNodeRecord({}), props: oldProps }
    const theirs = {
      ...before.serialize(),
      sequences: { ...before.serialize().sequences, 'com.tldraw.shape.gpu-node': 0 },
    }
    const migrated = after.migratePersistedRecord(oldRecord as never, theirs, 'up')
    expect(migrated.type).toBe('success')
    if (migrated.type === 'success')
      expect((migrated.value as { props: object }).props).toMatchObject({ nicsPerNode: 4 })
    expect(tldrawMigrations(withStep).sequence[0]).toMatchObject({ id: 'com.tldraw.shape.gpu-node/1' })
  })
})
