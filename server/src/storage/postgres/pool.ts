import pg from 'pg'

/**
 * PostgreSQL bigint (int8) arrives from pg as a string, because it can exceed 2^53. Roofline
 * keeps only millisecond times and sequence numbers in bigint columns, which fit; a value
 * that does not is refused loudly rather than rounded.
 */
function parseBigint(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value))
    throw new Error(`PostgreSQL bigint ${text} does not fit a JavaScript number`)
  return value
}

/** pg's own parsers, except bigint, which becomes a number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? parseBigint
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** Options of `createPool`. */
export interface PoolOptions {
  /** Most connections this process opens (default 10). */
  maxConnections?: number
  /** Called when an idle connection fails (say, the server restarted); the pool replaces it. */
  onIdleError?: (error: Error) => void
}

/**
 * A connection pool on `connectionString` (`postgres://user:password@host:port/database`;
 * `?options=-c%20search_path%3Dschema` picks a schema). It opens no connection yet.
 */
export function createPool(connectionString: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    // An unreachable database fails a query (and the readiness check) instead of hanging it.
    connectionTimeoutMillis: 10_000,
    types,
  })
  // Without a listener, an idle connection's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error))
  return pool
}
