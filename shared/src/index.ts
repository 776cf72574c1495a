export {
  type ApiErrorBody,
  apiErrorBodySchema,
  type ClientConfig,
  clientConfigSchema,
} from './apiAnswers.ts'
export { boardDocKeys, boardPath, type CreateBoardResponse, createBoardResponseSchema } from './board.ts'
export {
  type CalcFieldEntry,
  type CalcLink,
  type CalcPresetKind,
  type CalcRecordedResult,
  type CalcView,
  calcFieldEntrySchema,
  calcLinkPrefix,
  calcLinkSchema,
  calcPresetIdSchema,
  calcPresetKinds,
  calcPresetsKey,
  calcRecordedResultSchema,
  calcResultKey,
  calcViewKey,
  calcViewSchema,
} from './calcPanel.ts'
export { exampleOfRecord, isRevealedCardRecord, revealedCardShapeType } from './recordMarks.ts'
export { isRoomId, type RoomId, roomIdSchema } from './roomId.ts'
export {
  type Ack,
  type ClientEventName,
  type ClientEventPayload,
  type ClockPong,
  ControlEvent,
  clientEventSchemas,
  type Gathered,
  gatheredSchema,
  type Note,
  noteSchema,
  type Participant,
  type PrivateState,
  participantSchema,
  privateStateSchema,
  type RevealedItem,
  revealedItemSchema,
  type SessionState,
  sessionStateSchema,
} from './session/controlEvents.ts'
export {
  type Role,
  roleOfSeat,
  roleSchema,
  roles,
  type Seat,
  type SessionMode,
  seatSchema,
  seats,
  sessionModes,
} from './session/roles.ts'
export { type Score, scoreSchema } from './session/score.ts'
export {
  type CreateSessionRequest,
  type CreateSessionResponse,
  createSessionRequestSchema,
  createSessionResponseSchema,
  participantNameSchema,
  sessionLink,
  sessionLinksSchema,
  tokenFromHash,
} from './session/sessionApi.ts'
export {
  type Recommendation,
  readVerdict,
  recommendationLabels,
  recommendations,
  type Verdict,
  verdictKey,
  verdictSchema,
  verdictToScore,
} from './session/verdict.ts'
export {
  type CalcCardFigure,
  type CalcCardInput,
  type CalcCardProps,
  type CalcCardStep,
  calcCardFigureSchema,
  calcCardInputSchema,
  calcCardMigrations,
  calcCardPropsSchema,
  calcCardShapeType,
  calcCardStepSchema,
  freeformCalculatorId,
} from './shapes/calcCard.ts'
export {
  SIM_CHART_POINTS,
  type SimCardProps,
  type SimChart,
  type SimFigure,
  simCardMigrations,
  simCardPropsSchema,
  simCardShapeType,
  simChartSchema,
  simFigureSchema,
} from './shapes/simCard.ts'
export {
  type SimOutcome,
  type SimRun,
  type SimSummary,
  simOutcomeSchema,
  simProgressSchema,
  simRoomKeys,
  simRunSchema,
  simSummarySchema,
} from './simRoom.ts'
export { type CheckProblem, checkProblems } from './template/checkProblems.ts'
export {
  type CombineOperation,
  combineOperations,
  combineSymbols,
  type FigureUnit,
  figureUnits,
} from './template/combinedChecks.ts'
export {
  clarifyingQuestionSchema,
  describeIssues,
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
export { type TemplateStart, templateStartSchema } from './template/templateStart.ts'
export {
  type ImportedTemplate,
  importedTemplateSchema,
  type TemplateSummary,
  templateListSchema,
  templateSummarySchema,
} from './template/templateSummary.ts'
export {
  type CalculatorCheck,
  type CombinedCheck,
  calculatorCheckSchema,
  checksWithin,
  combinedCheckSchema,
  describeDisagreement,
  disagreementsOf,
  isCombined,
  isStep,
  type WorkedCheck,
  type WorkedOperand,
  type WorkedResult,
  workChecks,
  workedCheckSchema,
} from './template/workedChecks.ts'
export { bestOffset, type ClockSample, sampleOffset } from './timer/clockOffset.ts'
export {
  defaultPhasePlan,
  type Phase,
  type PhasePlan,
  phasePlanSchema,
  phaseSchema,
} from './timer/phasePlan.ts'
export {
  applyTimerEvent,
  defaultExtendMinutes,
  formatClock,
  initialTimerState,
  phaseAt,
  type TimerCommand,
  type TimerEvent,
  type TimerResult,
  type TimerState,
  type TimerView,
  timerCommands,
  timerEventSchema,
  timerStateSchema,
  timerView,
} from './timer/timerMachine.ts'
export {
  CLIENT_BUILD_INFO_FILE,
  type ClientBuildInfo,
  type PageAddress,
  tldrawTreatsAsProduction,
} from './tldrawLicence.ts'
export * from './voice/index.ts'
export { type RecordChange, type RecordChangeListener, type RecordEntry, YRecordMap } from './yRecordMap.ts'
