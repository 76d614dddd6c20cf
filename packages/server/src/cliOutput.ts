import { format } from 'node:util'
import type { LogFields, Logger } from './logger.js'

/** One JSON object on one line: `{time, level, event, …fields}`, the shape of every log line. */
export function jsonLine(level: string, event: string, fields: LogFields = {}): string {
  return `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`
}

/**
 * Makes every line the process writes one JSON object (rule 36), also what it does not
 * write itself: `console.*` of a dependency (ioredis warns about a needless password that
 * way) becomes a `console` line, a Node process warning a `node_warning` line, and a crash
 * an `uncaught_error` line before exit code 1.
 */
export function routeProcessOutput(logger: Logger): void {
  const toLog =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logger[level]('console', { message: format(...args) })
  console.log = toLog('info')
  console.info = toLog('info')
  console.debug = toLog('debug')
  console.warn = toLog('warn')
  console.error = toLog('error')
  console.trace = toLog('error')
  // Node's own handler prints warnings as text; this one prints them as JSON.
  process.removeAllListeners('warning')
  process.on('warning', (warning) => {
    logger.warn('node_warning', { name: warning.name, message: warning.message })
  })
  const crash = (error: unknown) => {
    process.stderr.write(
      jsonLine('error', 'uncaught_error', {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    )
    process.exit(1)
  }
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
}
