/**
 * @roofline/shared/calc — pure back-of-envelope calculators for AI-infrastructure design.
 *
 * Every input and output is in SI base units (bytes, seconds, FLOP, FLOP/s, bytes/s, parameters,
 * tokens). Every calculator validates its input with an exported zod schema (`<name>Input`),
 * throws CalcInputError naming the bad field, and returns its figures plus `steps`, the
 * derivation a panel can show. `calculators` lists them all for generic forms.
 */
export type { AnyCalcResult, CalcResult, DerivationStep, Figure } from './derivation.ts'
export { Derivation } from './derivation.ts'
export { CalcInputError } from './errors.ts'
export type { FieldInfo, FieldKind, FieldMeta } from './fields.ts'
export { describeFields, LIMITS } from './fields.ts'
export * from './inference.ts'
export * from './kvOffload.ts'
export * from './layout.ts'
export * from './memory.ts'
export * from './moe.ts'
export * from './network.ts'
export type {
  ChartInfo,
  MemoryBarPart,
  PanelDefault,
  PanelInfo,
  PresetFill,
  RooflinePoint,
} from './panelInfo.ts'
export * from './power.ts'
export type { CalculatorCategory, CalculatorInfo, OutputInfo } from './registry.ts'
export { calculatorById, calculators } from './registry.ts'
export * from './reliability.ts'
export * from './roofline.ts'
export * from './serving.ts'
export * from './statistics.ts'
export * from './storage.ts'
export * from './training.ts'
export * from './units.ts'
export { parseInput } from './validate.ts'
