/**
 * The session's own logic, shared by the server (which runs it) and its tests: the stored
 * state, the command union, the pure machine, and the event kinds a session records.
 */
export { type SessionCommand, type SessionCommandType, sessionCommandSchema } from './sessionCommand.ts'
export { type SessionData, sessionDataSchema } from './sessionData.ts'
export {
  type CursorPayload,
  cursorPayloadSchema,
  type KeptTemplate,
  keptParts,
  keptTemplateSchema,
  type PublicTemplate,
  publicTemplate,
  publicTemplateSchema,
  type SessionEventType,
  type StoredSessionEvent,
  sessionEventPayloads,
  storedSessionEventSchema,
} from './sessionEvents.ts'
export {
  applySessionCommand,
  type SessionChangeFlags,
  type SessionEffect,
  type SessionStep,
  type TemplateLookup,
} from './sessionMachine.ts'
