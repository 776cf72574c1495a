export { type CreateBoardResponse, boardDocKeys, boardPath, createBoardResponseSchema } from './board.ts'
export { isRoomId, type RoomId, roomIdSchema } from './roomId.ts'
export {
  clarifyingQuestionSchema,
  describeIssues,
  type RevealCard,
  type RubricItem,
  revealCardSchema,
  rubricItemSchema,
  type Template,
  type TemplateFile,
  templateLenses,
  templateLevels,
  templateSchema,
  templateTags,
} from './template/templateSchema.ts'
export { defaultPhasePlan, type Phase, type PhasePlan, phasePlanSchema, phaseSchema } from './timer/phasePlan.ts'
