/**
 * @roofline/shared/shapes — the diagram kit's shapes as data: each shape's strict props schema
 * (zod) with its named migration steps and inspector fields, the palette's parts, link arrows'
 * meta, and the pure totals a selection adds up to (GPUs, HBM, FLOP/s, bandwidth) and
 * the per-replica estimate of a model on them (fit, decode, prefill, the fleet).
 * The client derives tldraw's validators and migrations from these; nothing here knows tldraw.
 */
export type { DiagramShape, GpuCount, HardwareTotals, ServerLayout } from './aggregate.ts'
export { aggregateHardware, emptyTotals } from './aggregate.ts'
export type { BoundaryProps } from './boundary.ts'
export { boundaryProps, boundaryShape } from './boundary.ts'
export type { EstimateLine, EstimateSummary } from './estimateSummary.ts'
export { summarizeEstimate, tokenRate } from './estimateSummary.ts'
export type { GpuClusterProps } from './gpuCluster.ts'
export { gpuClusterProps, gpuClusterShape } from './gpuCluster.ts'
export type { GpuNodeProps } from './gpuNode.ts'
export { gpuNodeProps, gpuNodeShape } from './gpuNode.ts'
export type { LinkMeta, LinkReading } from './link.ts'
export { linkLabel, linkMeta, readLinkMeta } from './link.ts'
export type { PropsMigrationStep, StoredProps } from './migrations.ts'
export { assertUniqueStepNames, migratePropsUp } from './migrations.ts'
export type { ModelServerProps, ServingEngine } from './modelServer.ts'
export { modelServerGpus, modelServerProps, modelServerShape, servingEngines } from './modelServer.ts'
export type { BoundaryKind, ComponentKind, Part, PartAction, PartCategory } from './parts.ts'
export {
  boundaryKindIds,
  boundaryKinds,
  componentKindIds,
  componentKinds,
  partById,
  partCategories,
  parts,
  searchParts,
  shapeTypes,
} from './parts.ts'
export {
  gpuChoices,
  gpuIds,
  linkChoices,
  linkIds,
  modelChoices,
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
export type { Choice, InspectorField, PropsCheck, ShapeSpec, StoredPrimitive } from './shapeSpec.ts'
export { checkProps, storedPrimitives } from './shapeSpec.ts'
export { isValidKitShape, kitShapeSpec, kitShapeSpecs, kitShapeTypes } from './specs.ts'
export { starterDiagramProblems } from './starterCheck.ts'
export { inferenceArchitectureStarter } from './starterExample.ts'
export type { SystemComponentProps } from './systemComponent.ts'
export { systemComponentProps, systemComponentShape } from './systemComponent.ts'
