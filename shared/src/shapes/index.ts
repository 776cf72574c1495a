/**
 * @roofline/shared/shapes — the diagram kit's shapes as data: each shape's spec (strict props
 * schema, migration steps, inspector fields, palette parts, card face, estimate), link arrows'
 * meta, and the pure totals a selection adds up to (GPUs, HBM, FLOP/s, bandwidth) and
 * the per-replica estimate of a model on them (fit, decode, prefill, the fleet).
 * The client derives tldraw's validators and migrations from these; nothing here knows tldraw.
 */
export type { DiagramShape, GpuCount, HardwareTotals, ServerLayout } from './aggregate.ts'
export { aggregateHardware, emptyTotals } from './aggregate.ts'
export type { BoundaryKind, BoundaryProps } from './boundary.ts'
export { boundaryKindIds, boundaryKinds, boundaryProps, boundaryShape } from './boundary.ts'
export type { EstimateLine, EstimateSummary } from './estimateSummary.ts'
export { summarizeEstimate, tokenRate } from './estimateSummary.ts'
export type { GpuClusterProps } from './gpuCluster.ts'
export { gpuClusterProps, gpuClusterShape } from './gpuCluster.ts'
export type { GpuNodeProps } from './gpuNode.ts'
export { gpuNodeProps, gpuNodeShape } from './gpuNode.ts'
export type { FieldLabel } from './inspectorFields.ts'
export { inspectorFields } from './inspectorFields.ts'
export type { LinkMeta, LinkReading } from './link.ts'
export { linkLabel, linkMeta, readLinkMeta } from './link.ts'
export type { PropsMigrationStep, StoredProps } from './migrations.ts'
export { assertUniqueStepNames, migratePropsUp } from './migrations.ts'
export type { ModelServerProps, ServingEngine } from './modelServer.ts'
export { modelServerGpus, modelServerProps, modelServerShape, servingEngines } from './modelServer.ts'
export type { Part, PartAction } from './parts.ts'
export { partById, parts, searchParts, shapeTypes } from './parts.ts'
export {
  gpuIds,
  linkChoices,
  linkIds,
  linkName,
  modelIds,
  modelName,
  scaleOutLinkIds,
  shortGpuName,
  shortLinkName,
} from './presetChoices.ts'
export type {
  EstimateQuestion,
  FleetFigures,
  Precision,
  ReplicaDecode,
  ReplicaMemory,
  SelectionEstimate,
} from './replicaEstimate.ts'
export { DEFAULT_MEMORY_EFFICIENCY, estimateSelection } from './replicaEstimate.ts'
export type { ReplicaLayout } from './replicaLayout.ts'
export { chooseReplicaLayout } from './replicaLayout.ts'
export type {
  CardFace,
  CardFigure,
  CardLine,
  Choice,
  Contribution,
  InspectorField,
  PartCategory,
  PropsCheck,
  ShapePart,
  ShapeSpec,
  StoredPrimitive,
} from './shapeSpec.ts'
export { checkProps, partCategories, storedPrimitives } from './shapeSpec.ts'
export type { KitPropsByType } from './specs.ts'
export { isValidKitShape, kitShapeSpec, kitShapeSpecs, kitShapeTypes } from './specs.ts'
export { starterDiagramProblems } from './starterCheck.ts'
export { inferenceArchitectureStarter } from './starterExample.ts'
export type { ComponentKind, KindInfo, SystemComponentProps } from './systemComponent.ts'
export {
  componentKindIds,
  componentKinds,
  systemComponentProps,
  systemComponentShape,
} from './systemComponent.ts'
