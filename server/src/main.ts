import { loadConfig } from './config.ts'
import { buildServer } from './http/app.ts'
import { describeValue } from './limits/valueBounds.ts'

/**
 * Starts Roofline: `node server/src/main.ts`. Prints one JSON log line with the URL to open
 * (`"msg":"listening"`), and shuts down gracefully on SIGINT/SIGTERM: stops accepting,
 * stores every room, closes storage, exits.
 */
async function main(): Promise<void> {
  const config = loadConfig()
  const { app } = await buildServer(config)
  keepServingThroughFaults(app.log)
  const address = await app.listen({ port: config.PORT, host: config.HOST })
  const url = address.replace('://[::1]', '://localhost')
  app.log.info({ url }, 'listening')
  // The URL line is the server's one promise to whoever started it, whatever the log level.
  if (['fatal', 'error', 'warn', 'silent'].includes(config.LOG_LEVEL)) {
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), url, msg: 'listening' })}\n`)
  }
  if (process.stdout.isTTY) process.stdout.write(`\n  Roofline is running: open ${url}\n\n`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await app.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/**
 * The last line of defence: an error no handler caught (a bug, or input that found a path no
 * check covers) is logged with its stack, and the server keeps serving every other room and
 * connection instead of exiting. Each handler closes its own connection on error first; this
 * only runs for what escaped them, and the log line is what to fix.
 */
function keepServingThroughFaults(log: { error(details: object, message: string): void }): void {
  process.on('uncaughtException', (error, origin) => {
    log.error({ err: describeFault(error), origin }, 'uncaught exception; server kept running')
  })
  process.on('unhandledRejection', (reason) => {
    log.error({ err: describeFault(reason) }, 'unhandled rejection; server kept running')
  })
}

/** An error's stack, or a bounded description of anything else thrown (never `String()` on it). */
function describeFault(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message).slice(0, 4000) : describeValue(error, 200)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
