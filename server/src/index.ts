export { type Config, configSchema, loadConfig } from './config.ts'
export { buildServer, type RooflineServer } from './http/app.ts'
export { SqliteStorage } from './storage/sqliteStorage.ts'
export type { LogEntry, Storage } from './storage/storage.ts'
