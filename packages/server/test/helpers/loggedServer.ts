import { createLogger, type LogLevel } from '../../src/logger.js'
import type { StartServerOptions } from '../../src/startServer.js'
import { serverConfig, startTestServer } from '../helpers.js'

/** A test server whose log lines at `level` and above are kept, parsed, in `lines`. */
export async function loggedServer(
  overrides: Parameters<typeof serverConfig>[0] = {},
  options: StartServerOptions = {},
  level: LogLevel = 'info',
) {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ level, write: (line) => lines.push(JSON.parse(line)) })
  const server = await startTestServer(serverConfig(overrides), { logger, ...options })
  const events = (event: string) => lines.filter((line) => line.event === event)
  return { server, lines, events }
}
