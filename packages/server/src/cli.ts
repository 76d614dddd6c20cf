#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { secretExposureWarnings } from './config/secretExposure.js'
import { ConfigError, parseConfig } from './config.js'
import { isLogLevel } from './logger.js'
import { type RunningServer, startServer } from './startServer.js'

const USAGE = `usage: chatgate-server --config FILE [--host HOST] [--port PORT] [--log-level LEVEL]
  (in the Chatgate repository: pnpm server --config FILE …)
  --config     JSON config file (see @chatgate/server's README)
  --host       overrides the config's host (default 127.0.0.1)
  --port       overrides the config's port (default 8080; 0 picks a free port)
  --log-level  debug | info | warn | error | silent (default info)`

function exitWith(message: string, code = 1): never {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']
  const OPTIONS = {
    config: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'log-level': { type: 'string' },
    help: { type: 'boolean' },
  } as const
  try {
    args = parseArgs({ options: OPTIONS, strict: true }).values
  } catch (error) {
    exitWith(`${(error as Error).message}\n${USAGE}`, 2)
  }
  if (args.help) exitWith(USAGE, 0)
  if (!args.config) exitWith(`--config is required.\n${USAGE}`, 2)
  const logLevel = args['log-level'] ?? 'info'
  if (!isLogLevel(logLevel)) exitWith(`--log-level must be debug, info, warn, error or silent.`, 2)

  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(args.config, 'utf8'))
  } catch (error) {
    exitWith(`Cannot read config ${args.config}: ${(error as Error).message}`)
  }
  if (typeof raw === 'object' && raw !== null) {
    const fields = raw as Record<string, unknown>
    if (args.host !== undefined) fields.host = args.host
    if (args.port !== undefined) {
      const port = Number(args.port)
      if (!/^\d+$/.test(args.port)) exitWith('--port must be an integer from 0 to 65535.', 2)
      fields.port = port
    }
  }
  let config: ReturnType<typeof parseConfig>
  try {
    config = parseConfig(raw)
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message)
    throw error
  }
  for (const warning of secretExposureWarnings(args.config, raw)) {
    process.stderr.write(`Warning: ${warning}\n`)
  }

  // Signals are handled from here on: while the registry connects, while the node waits
  // to be ready, and once it serves.
  let server: RunningServer | undefined
  let stopping = false
  const stop = (signal: string) => {
    // A repeated signal is ignored: a launcher and the terminal may both deliver Ctrl-C.
    if (stopping) return
    stopping = true
    process.stderr.write(`${signal}: closing connections\n`)
    // Still starting (e.g. Redis does not answer yet): nothing is listening, nothing to close.
    if (!server) process.exit(0)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => exitWith(`Shutdown failed: ${String(error)}`),
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  server = await startServer(config, { logLevel })

  const readiness = await server.readiness()
  if (!readiness.ready) {
    process.stdout.write(
      `chatgate server not ready yet on ${server.url} (${readiness.reason}): logins are refused until it is; /readyz answers 503\n`,
    )
    try {
      await server.whenReady()
    } catch (error) {
      // Stopped by a signal before it was ready: `stop` exits 0 once closed.
      if (stopping) return
      throw error
    }
  }
  if (stopping) return
  // One line on stdout that scripts can wait for, once the node would admit a login.
  process.stdout.write(`chatgate server listening on ${server.url} (WebSocket ${server.wsUrl})\n`)
}

main().catch((error: unknown) =>
  exitWith(`Cannot start: ${(error as Error).message ?? String(error)}`),
)
