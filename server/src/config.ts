import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { boardDocKeys } from '@roofline/shared'
import { z } from 'zod'
import { CHECKPOINT_BYTES } from './rooms/persistence.ts'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Parses an integer from an environment string, with a readable error. */
const intFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/** A comma-separated list (default empty), its items trimmed and empty ones dropped. */
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )

/** A STUN server's URL: TURN servers need credentials, so they are configured apart. */
const stunUrl = z
  .string()
  .regex(
    /^stuns?:\S+$/,
    'list STUN servers only ({"urls": "stun:host:port"}); TURN goes in ROOFLINE_TURN_URLS',
  )

/**
 * Every setting Roofline reads, all from environment variables, parsed in one place.
 * The README's configuration table lists the same names and defaults.
 */
export const configSchema = z.object({
  PORT: intFromEnv(0, 65_535).default(5170),
  HOST: z.string().min(1).default('127.0.0.1'),
  ROOFLINE_DATA_DIR: z.string().min(1).default('./data'),
  /** When set, storage is this PostgreSQL database (migrated at start) instead of SQLite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'use a postgres://user:password@host:port/database URL')
    .optional(),
  /**
   * When set, several server processes serve the same rooms: board updates and awareness fan
   * out between them over this Redis, and socket.io uses its Redis adapter.
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'use a redis://host:port (or rediss://) URL' }).optional(),
  /** Prefix of every Redis channel and key, so several deployments (or test runs) can share one Redis. */
  ROOFLINE_REDIS_PREFIX: z.string().min(1).max(100).default('roofline:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest WebSocket message accepted, in bytes; a bigger one closes that connection. */
  ROOFLINE_MAX_MESSAGE_BYTES: intFromEnv(1024, 256 * 1024 * 1024).default(2 * 1024 * 1024),
  /** How long a room stays in memory after its last client left, in milliseconds. */
  ROOFLINE_ROOM_IDLE_MS: intFromEnv(0, 24 * 3600 * 1000).default(30_000),
  /** A snapshot of the document is stored after this many updates (and when a room unloads). */
  ROOFLINE_SNAPSHOT_EVERY: intFromEnv(1, 1_000_000).default(500),
  /** A replay checkpoint (the whole document, kept for seeking) is stored after this many updates... */
  ROOFLINE_CHECKPOINT_EVERY: intFromEnv(1, 1_000_000).default(500),
  /** ...or this many ms after the previous one... */
  ROOFLINE_CHECKPOINT_INTERVAL_MS: intFromEnv(1000, 24 * 3600 * 1000).default(60_000),
  /**
   * ...or once the updates since it add up to this many bytes, whichever comes first (and when
   * a room unloads).
   */
  ROOFLINE_CHECKPOINT_BYTES: intFromEnv(1024, 1024 * 1024 * 1024).default(CHECKPOINT_BYTES),
  /** Largest session archive `POST /api/archives` accepts, in bytes. */
  ROOFLINE_MAX_ARCHIVE_BYTES: intFromEnv(1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  /**
   * Most board updates and session events an imported archive may hold (a 45-minute interview
   * records a few thousand; importing 100,000 holds the server well under a second at a time).
   */
  ROOFLINE_MAX_ARCHIVE_ENTRIES: intFromEnv(1, 10_000_000).default(100_000),
  /**
   * Largest a board's document may grow, in stored bytes (a 5,000-shape board is a few MB);
   * updates past it are refused, so one room cannot take the server's memory or disk.
   */
  ROOFLINE_MAX_ROOM_BYTES: intFromEnv(1024, 16 * 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  /** Bytes a client may leave unread before the server drops it as a slow consumer. */
  ROOFLINE_MAX_BUFFERED_BYTES: intFromEnv(64 * 1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Largest socket.io control message, in bytes. */
  ROOFLINE_MAX_CONTROL_BYTES: intFromEnv(1024, 16 * 1024 * 1024).default(64 * 1024),
  /**
   * Board (Yjs) messages one connection may send per second, with a burst of one second's
   * worth; more closes that connection. A client dragging on a 120 Hz screen sends about
   * 360 (a document update and two awareness messages per frame).
   */
  ROOFLINE_MAX_MESSAGES_PER_SECOND: intFromEnv(1, 1_000_000).default(400),
  /** Bytes of board messages one connection may send per second (burst: a second's worth, at least one largest message). */
  ROOFLINE_MAX_BYTES_PER_SECOND: intFromEnv(1024, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
  /**
   * Milliseconds of the server's time one board connection's messages may take per second
   * (burst: half a second); more closes that connection, so it cannot stall the other rooms.
   */
  ROOFLINE_MAX_CPU_MS_PER_SECOND: intFromEnv(10, 1000).default(200),
  /**
   * The same for all the board connections from one address together (an IPv6 /64 is one):
   * more connections get a client no more of the server.
   */
  ROOFLINE_ADDRESS_CPU_MS_PER_SECOND: intFromEnv(10, 100_000).default(400),
  /**
   * Levels of nesting allowed in any value a client sends (board content, awareness state,
   * control payloads, imported JSON): a board record nests about 10; thousands overflow the stack.
   */
  ROOFLINE_MAX_VALUE_DEPTH: intFromEnv(8, 1000).default(64),
  /** Awareness (presence) client ids one board connection may introduce; a browser tab uses one. */
  ROOFLINE_MAX_AWARENESS_CLIENTS: intFromEnv(1, 16).default(2),
  /**
   * The root types board updates may touch, comma-separated (default: the board's own). An
   * update naming another is refused: each root type slows every later lookup in the room.
   */
  ROOFLINE_ROOT_TYPES: z
    .string()
    .regex(/^[\w-]{1,64}(,[\w-]{1,64})*$/, 'use comma-separated root type names')
    .default(Object.values(boardDocKeys).join(','))
    .transform((names) => new Set(names.split(','))),
  /** Control events one socket.io connection may send per second (burst: one second's worth); more are refused. */
  ROOFLINE_MAX_CONTROL_EVENTS_PER_SECOND: intFromEnv(1, 1_000_000).default(20),
  /** When set, creating a session needs `Authorization: Bearer <this secret>` (for servers open to the internet). */
  ROOFLINE_CREATE_SECRET: z.string().min(12, 'use a secret of at least 12 characters').optional(),
  /** The origin written into session links (e.g. https://roofline.example.com); default: the request's. */
  ROOFLINE_PUBLIC_URL: z.url().optional(),
  /** Folder of the built client; defaults to client/dist of this checkout. */
  ROOFLINE_CLIENT_DIR: z.string().min(1).default(path.resolve(here, '../../client/dist')),
  /** `1` measures update-to-commit lag and serves it at `GET /api/debug/durability` (for `pnpm bench`). */
  ROOFLINE_DURABILITY_PROBE: z
    .enum(['0', '1'], { error: 'use 1 (on) or 0 (off)' })
    .default('0')
    .transform((value) => value === '1'),

  // Quotas, origins and embeds (what an anonymous client may create, who may connect, what may be framed).
  /**
   * Sessions, scratch boards, template and archive imports one IP address may create per hour,
   * all together (burst: the same number). More are refused with 429.
   */
  ROOFLINE_CREATIONS_PER_HOUR: intFromEnv(1, 1_000_000).default(60),
  /**
   * Board and control connections one client address may hold open together (an interview
   * tab holds two); more are refused until some close, so one client cannot hold the server's
   * file descriptors.
   */
  ROOFLINE_MAX_CONNECTIONS_PER_ADDRESS: intFromEnv(1, 1_000_000).default(256),
  /**
   * The reverse proxies whose `X-Forwarded-For` names the client, so quotas and logs see the
   * client's address rather than the proxy's: a number of hops, or comma-separated addresses
   * and CIDR ranges (e.g. `127.0.0.1,10.0.0.0/8`). Default: none (the socket's address counts).
   */
  ROOFLINE_TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|[\d.:a-fA-F/]+(,[\d.:a-fA-F/]+)*)$/,
      'use a number of hops or comma-separated addresses',
    )
    .optional()
    .transform((value) =>
      value === undefined ? false : /^\d+$/.test(value) ? Number(value) : value.split(','),
    ),
  /** Imported templates a server keeps at most; more are refused until one is deleted. */
  ROOFLINE_MAX_TEMPLATES: intFromEnv(0, 100_000).default(200),
  /** Largest imported template, in bytes of compact JSON (the built-in ones are under 12 kB). */
  ROOFLINE_MAX_TEMPLATE_BYTES: intFromEnv(1024, 1024 * 1024).default(64 * 1024),
  /**
   * Origins whose pages a board may embed (comma-separated https origins, e.g.
   * `https://www.youtube.com,https://docs.google.com`); default none: embeds are off.
   */
  ROOFLINE_EMBED_ORIGINS: commaList
    .pipe(z.array(z.url({ protocol: /^https$/, error: 'list https origins, comma-separated' })))
    .transform((urls) => urls.map((url) => new URL(url).origin)),
  /**
   * ICE servers every voice connection gets, as a JSON array of `RTCIceServer` without
   * credentials (e.g. `[{"urls":"stun:stun.example.org:3478"}]`); default none (peers on one
   * network connect directly; across NATs they need STUN, behind strict ones TURN).
   */
  ROOFLINE_ICE_SERVERS: z
    .string()
    .default('[]')
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown
      } catch {
        context.addIssue({ code: 'custom', message: 'give a JSON array of {"urls": ...} objects' })
        return z.NEVER
      }
    })
    .pipe(z.array(z.strictObject({ urls: z.union([stunUrl, z.array(stunUrl).min(1)]) }))),
  /** TURN server URLs (comma-separated, e.g. `turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349`). */
  ROOFLINE_TURN_URLS: commaList.pipe(
    z.array(z.string().regex(/^turns?:[^\s]+$/, 'list turn: or turns: URLs, comma-separated')),
  ),
  /**
   * coturn's `static-auth-secret` (with `use-auth-secret`): the server signs short-lived TURN
   * credentials with it; the browser never sees a static password.
   */
  ROOFLINE_TURN_SECRET: z.string().min(16, 'use a TURN secret of at least 16 characters').optional(),
  /** How long a TURN credential the server issues stays valid, in seconds. */
  ROOFLINE_TURN_TTL_SECONDS: intFromEnv(60, 7 * 24 * 3600).default(3600),
  /** Largest recorded voice chunk accepted, in bytes (3 s of 32 kb/s Opus is about 12 kB). */
  ROOFLINE_MAX_VOICE_CHUNK_BYTES: intFromEnv(1024, 16 * 1024 * 1024).default(256 * 1024),
  /**
   * Most recorded voice a session may hold, in bytes, all participants together (at 32 kb/s,
   * 240 kB a minute: 64 MiB is about 4.5 hours of speech).
   */
  ROOFLINE_MAX_VOICE_SESSION_BYTES: intFromEnv(1024, 64 * 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  /** Voice signalling events (offers, answers, ICE candidates) one connection may send per second. */
  ROOFLINE_MAX_VOICE_SIGNALS_PER_SECOND: intFromEnv(1, 100_000).default(60),
})

/** Parsed configuration. */
export type Config = z.infer<typeof configSchema>

/**
 * Reads the configuration from `env` and fails with every problem listed at once.
 *
 * @example loadConfig({ PORT: '0' }).PORT // 0
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  if (result.data.ROOFLINE_TURN_URLS.length > 0 && !result.data.ROOFLINE_TURN_SECRET) {
    throw new Error(
      "Invalid configuration:\n  ROOFLINE_TURN_SECRET: set it (coturn's static-auth-secret) with ROOFLINE_TURN_URLS",
    )
  }
  return result.data
}
