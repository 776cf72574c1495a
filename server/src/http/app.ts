import fastifyWebsocket from '@fastify/websocket'
import type { Template } from '@roofline/shared'
import { defaultTemplateId, loadBuiltInTemplates } from '@roofline/templates'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { type ClusterBus, inProcessBus } from '../cluster/clusterBus.ts'
import { followCluster } from '../cluster/followCluster.ts'
import type { Config } from '../config.ts'
import { attachControlSocket } from '../control/controlSocket.ts'
import { ConnectionCount } from '../limits/connectionCount.ts'
import { DurabilityProbe, registerDurabilityRoute } from '../metrics/durabilityProbe.ts'
import { recordCursors } from '../recordings/cursorRecorder.ts'
import { RecordingService } from '../recordings/recordingService.ts'
import { persistence } from '../rooms/persistence.ts'
import { RoomLifecycle } from '../rooms/roomLifecycle.ts'
import { revealedCardGuard } from '../sessions/revealedCardGuard.ts'
import { followSessionPermissions, sessionAccess } from '../sessions/sessionAccess.ts'
import { SessionDeletion } from '../sessions/sessionDeletion.ts'
import { SessionService } from '../sessions/sessionService.ts'
import { simMapGuard } from '../sessions/simMapGuard.ts'
import { TemplateLibrary } from '../sessions/templateLibrary.ts'
import { openStorage } from '../storage/openStorage.ts'
import type { Storage } from '../storage/storage.ts'
import { VoiceService } from '../voice/voiceService.ts'
import { boardVoiceAccess, OpenedBoards, registerBoardRoutes, scratchBoardAccess } from './boardRoutes.ts'
import { registerClientConfigRoute } from './clientConfigRoute.ts'
import { CreationQuota } from './creationQuota.ts'
import { type ReadinessCheck, registerReadiness } from './readiness.ts'
import { registerRecordingRoutes } from './recordingRoutes.ts'
import { registerSecurityHeaders } from './securityHeaders.ts'
import { registerSessionRoutes } from './sessionRoutes.ts'
import { registerStaticClient } from './staticClient.ts'
import { registerVoiceRoutes } from './voiceRoutes.ts'
import { registerYjsRoute, websocketErrorHandler } from './yjsRoute.ts'

/** A built (not yet listening) Roofline server and the parts tests reach into. */
export interface RooflineServer {
  app: FastifyInstance
  lifecycle: RoomLifecycle
  storage: Storage
  sessions: SessionService
  recordings: RecordingService
}

/** The built-in templates a server offers, and the one a session gets when none is named. */
export interface BuiltInTemplates {
  templates: Template[]
  defaultId: string
}

/** Opens the storage `config` names and logs which (never its URL). */
async function openConfiguredStorage(config: Config, app: FastifyInstance): Promise<Storage> {
  const { storage, kind } = await openStorage(config, (error) =>
    app.log.warn(
      { reason: 'database connection lost', error: error.message },
      'idle database connection failed',
    ),
  )
  app.log.info({ storage: kind }, 'storage open')
  return storage
}

/**
 * The bus that shares rooms between processes through Redis. Loaded only when REDIS_URL is
 * set: the Redis client is ~600 modules (~1.5 MB of source) that a single process never runs,
 * and every module loaded stays in the heap for the life of the process.
 */
async function openRedisBus(
  url: string,
  config: Config,
  storage: Storage,
  app: FastifyInstance,
): Promise<ClusterBus> {
  const [{ RedisBus }, { connectRedis }] = await Promise.all([
    import('../cluster/redisBus.ts'),
    import('../cluster/redisLink.ts'),
  ])
  const redis = await connectRedis(url, { prefix: config.ROOFLINE_REDIS_PREFIX, logger: app.log })
  return new RedisBus({ redis, storage, logger: app.log })
}

/**
 * Builds the HTTP server, the Yjs endpoint and storage from `config`. Closing the app stores
 * and unloads every room, then closes storage.
 *
 * @example const { app } = await buildServer(loadConfig({ PORT: '0' })); await app.listen({ port: 0 })
 */
export async function buildServer(
  config: Config,
  storage?: Storage,
  builtInTemplates: BuiltInTemplates = { templates: loadBuiltInTemplates(), defaultId: defaultTemplateId },
): Promise<RooflineServer> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      // Query strings carry tokens: they never reach the logs.
      serializers: { req: (req) => ({ method: req.method, url: req.url.split('?')[0], remote: req.ip }) },
    },
    // A JSON body larger than this is refused before it is parsed.
    bodyLimit: 1024 * 1024,
    // Typed as the option (not the config's union), or Fastify's overloads pick its HTTP/2 form.
    trustProxy: config.ROOFLINE_TRUST_PROXY as FastifyServerOptions['trustProxy'],
  })
  const store = storage ?? (await openConfiguredStorage(config, app))
  const templates = new TemplateLibrary({
    builtIn: builtInTemplates.templates,
    defaultId: builtInTemplates.defaultId,
    storage: store,
    quota: { maxTemplates: config.ROOFLINE_MAX_TEMPLATES, maxBytes: config.ROOFLINE_MAX_TEMPLATE_BYTES },
  })
  const { skipped } = await templates.load()
  if (skipped.length > 0) app.log.warn({ skipped }, 'imported templates that no longer validate were skipped')
  const sessions = new SessionService({ storage: store, templates, logger: app.log })
  const deletion = new SessionDeletion({ storage: store, sessions })
  // With REDIS_URL, several processes serve the same rooms; without it nothing touches Redis.
  const bus = config.REDIS_URL ? await openRedisBus(config.REDIS_URL, config, store, app) : inProcessBus()
  if (config.REDIS_URL && !config.DATABASE_URL && !storage) {
    // Measured: two processes appending to one SQLite file fail with "database is locked".
    app.log.warn(
      { reason: 'REDIS_URL without DATABASE_URL' },
      'several processes cannot share one SQLite file safely; give them one PostgreSQL (DATABASE_URL)',
    )
  }
  // What a board update may hold: the same for clients, stored logs and imported archives.
  const limits = {
    maxDepth: config.ROOFLINE_MAX_VALUE_DEPTH,
    rootTypes: config.ROOFLINE_ROOT_TYPES,
    maxAwarenessClients: config.ROOFLINE_MAX_AWARENESS_CLIENTS,
  }
  // Live rooms and imported archives lay out replay checkpoints alike.
  const checkpointPolicy = {
    checkpointEvery: config.ROOFLINE_CHECKPOINT_EVERY,
    checkpointIntervalMs: config.ROOFLINE_CHECKPOINT_INTERVAL_MS,
    checkpointBytes: config.ROOFLINE_CHECKPOINT_BYTES,
    limits,
  }
  // One allowance per address for everything it creates, boards opened by a made-up id included.
  const quota = new CreationQuota(config.ROOFLINE_CREATIONS_PER_HOUR)
  const openedBoards = new OpenedBoards()
  // Board and control sockets of one address together.
  const connections = new ConnectionCount(config.ROOFLINE_MAX_CONNECTIONS_PER_ADDRESS)
  const durabilityProbe = config.ROOFLINE_DURABILITY_PROBE ? new DurabilityProbe() : undefined
  const cardGuard = revealedCardGuard(sessions, app.log)
  const lifecycle = new RoomLifecycle({
    extensions: [
      deletion.extension,
      scratchBoardAccess({
        secret: config.ROOFLINE_CREATE_SECRET,
        storage: store,
        isSession: (id) => sessions.exists(id),
        quota,
        opened: openedBoards,
      }),
      sessionAccess(sessions),
      // Puts back revealed cards that anyone but the interviewer changed (a write of the server's).
      cardGuard.extension,
      // Refuses a write to the simulation map from anyone but the one who runs it (see there).
      simMapGuard(sessions, app.log),
      persistence(store, {
        snapshotEvery: config.ROOFLINE_SNAPSHOT_EVERY,
        ...checkpointPolicy,
        logger: app.log,
      }),
      // Right after persistence, so it sees each change the moment its store finished.
      ...(durabilityProbe ? [durabilityProbe.extension] : []),
      // After persistence: it publishes each update with the log position persistence gave it.
      ...(bus.roomExtension ? [bus.roomExtension] : []),
      // The participants' pointers in session rooms, for replays.
      recordCursors({ storage: store, events: sessions.events, logger: app.log }),
    ],
    logger: app.log,
    idleMs: config.ROOFLINE_ROOM_IDLE_MS,
    limits,
    maxRoomBytes: config.ROOFLINE_MAX_ROOM_BYTES,
  })

  deletion.attach(lifecycle)
  const recordings = new RecordingService({ storage: store, sessions, templates, deletion })

  await registerSecurityHeaders(app, {
    publicUrl: config.ROOFLINE_PUBLIC_URL,
    embedOrigins: config.ROOFLINE_EMBED_ORIGINS,
  })
  await app.register(fastifyWebsocket, {
    options: { maxPayload: config.ROOFLINE_MAX_MESSAGE_BYTES },
    errorHandler: websocketErrorHandler,
  })
  app.get('/api/health', async () => ({
    ok: true,
    rooms: lifecycle.loadedRoomCount,
    // Only once it happened, like the fan-out's figures: most servers never see one.
    ...(cardGuard.restoredCount() > 0 ? { revealedCardsRestored: cardGuard.restoredCount() } : {}),
    ...(bus.stats() ? { fanout: bus.stats() } : {}),
  }))
  const readinessChecks: ReadinessCheck[] = [{ name: 'storage', check: () => store.ping() }]
  if (bus.ping) readinessChecks.push({ name: 'redis', check: bus.ping })
  registerReadiness(app, readinessChecks)
  followSessionPermissions(sessions, lifecycle)
  registerClientConfigRoute(app, { embedOrigins: config.ROOFLINE_EMBED_ORIGINS })
  registerBoardRoutes(app, { createSecret: config.ROOFLINE_CREATE_SECRET, quota, opened: openedBoards })
  if (durabilityProbe) registerDurabilityRoute(app, durabilityProbe)
  registerSessionRoutes(app, {
    service: sessions,
    templates,
    createSecret: config.ROOFLINE_CREATE_SECRET,
    publicUrl: config.ROOFLINE_PUBLIC_URL,
    quota,
    maxTemplateBytes: config.ROOFLINE_MAX_TEMPLATE_BYTES,
  })
  const voice = new VoiceService({
    storage: store,
    sessions,
    limits: {
      maxChunkBytes: config.ROOFLINE_MAX_VOICE_CHUNK_BYTES,
      maxSessionBytes: config.ROOFLINE_MAX_VOICE_SESSION_BYTES,
    },
  })
  registerRecordingRoutes(app, {
    voice,
    recordings,
    storage: store,
    policy: checkpointPolicy,
    maxArchiveBytes: config.ROOFLINE_MAX_ARCHIVE_BYTES,
    maxArchiveEntries: config.ROOFLINE_MAX_ARCHIVE_ENTRIES,
    createSecret: config.ROOFLINE_CREATE_SECRET,
    publicUrl: config.ROOFLINE_PUBLIC_URL,
    quota,
  })
  // A board's voice is for whoever may open the board.
  const boardAccess = boardVoiceAccess(lifecycle, (id) => sessions.exists(id))
  registerVoiceRoutes(app, {
    voice,
    boardAccess,
    ice: {
      stun: config.ROOFLINE_ICE_SERVERS,
      turnUrls: config.ROOFLINE_TURN_URLS,
      turnSecret: config.ROOFLINE_TURN_SECRET,
      ttlSeconds: config.ROOFLINE_TURN_TTL_SECONDS,
    },
  })
  registerYjsRoute(app, {
    lifecycle,
    maxBufferedBytes: config.ROOFLINE_MAX_BUFFERED_BYTES,
    budget: {
      messagesPerSecond: config.ROOFLINE_MAX_MESSAGES_PER_SECOND,
      bytesPerSecond: config.ROOFLINE_MAX_BYTES_PER_SECOND,
      maxMessageBytes: config.ROOFLINE_MAX_MESSAGE_BYTES,
      cpuMsPerSecond: config.ROOFLINE_MAX_CPU_MS_PER_SECOND,
      cpuMsPerSecondPerAddress: config.ROOFLINE_ADDRESS_CPU_MS_PER_SECOND,
    },
    publicUrl: config.ROOFLINE_PUBLIC_URL,
    connections,
  })
  await registerStaticClient(app, config.ROOFLINE_CLIENT_DIR, { publicUrl: config.ROOFLINE_PUBLIC_URL })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` })
  })

  const io = attachControlSocket(app.server, {
    service: sessions,
    logger: app.log,
    maxPayloadBytes: config.ROOFLINE_MAX_CONTROL_BYTES,
    maxEventsPerSecond: config.ROOFLINE_MAX_CONTROL_EVENTS_PER_SECOND,
    maxVoiceEventsPerSecond: config.ROOFLINE_MAX_VOICE_SIGNALS_PER_SECOND,
    publicUrl: config.ROOFLINE_PUBLIC_URL,
    connections: { count: connections, trustProxy: config.ROOFLINE_TRUST_PROXY },
    bus,
    boardAccess,
  })
  followCluster(bus, sessions, app.log)

  app.addHook('onClose', async () => {
    await io.close()
    await lifecycle.close()
    await bus.close()
    await store.close()
  })
  return { app, lifecycle, storage: store, sessions, recordings }
}
