export { type Config, configSchema, loadConfig } from './config.ts'
export { type BuiltInTemplates, buildServer, type RooflineServer } from './http/app.ts'
export { RecordingService } from './recordings/recordingService.ts'
export { requiredService } from './requiredService.ts'
export { type AwarenessEntry, encodeAwarenessEntries } from './rooms/awarenessOwnership.ts'
export { SessionService } from './sessions/sessionService.ts'
export type { TemplateCatalog } from './sessions/templateCatalog.ts'
export { TemplateLibrary } from './sessions/templateLibrary.ts'
export { PostgresStorage } from './storage/postgres/postgresStorage.ts'
export {
  createScratchSchema,
  type ScratchSchema,
  testDatabaseAvailable,
} from './storage/postgres/scratchSchema.ts'
export { SqliteStorage } from './storage/sqliteStorage.ts'
export type { LogEntry, Storage } from './storage/storage.ts'
