import { z } from 'zod'
import { inspectorFields, labelField } from './inspectorFields.ts'
import { label, type ShapeSpec, size, wholeNumber } from './shapeSpec.ts'

/**
 * A throwaway part for the test that follows CONTRIBUTING.md's "Add a part"
 * (client/src/shapes/addPart.test.ts): a TPU tray spec written as a new part would be, with a
 * face and an estimate. Not in `kitShapes`; the test adds it there.
 */
const trayProps = z.object({ w: size, h: size, label: label(), chips: wholeNumber(1, 64) })

/** The throwaway spec. */
export const tpuTrayShape: ShapeSpec<typeof trayProps> = {
  type: 'test-tpu-tray',
  props: trayProps,
  migrations: [],
  defaults: () => ({ w: 240, h: 90, label: 'TPU tray', chips: 4 }),
  fields: inspectorFields(trayProps, [labelField, { key: 'chips', label: 'Chips' }]),
  parts: [{ id: 'test-tpu-tray', name: 'TPU tray', category: 'compute', keywords: 'tpu trillium' }],
  category: () => 'compute',
  face: (tray) => ({ lines: [{ text: `${tray.chips} × TPU v5e`, strong: true }] }),
  estimate: (tray) => ({
    gpus: { gpuId: 'tpu-v5e', count: tray.chips, scaleUpDomain: tray.chips },
    nodes: 1,
  }),
}
