#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { jsonLine, routeProcessOutput } from './cliOutput.js'
import { secretExposureWarnings } from './config/secretExposure.js'
import { ConfigError, parseConfig } from './config.js'
import { createLogger, isLogLevel } from './logger.js'
import { type RunningServer, startServer } from './startServer.js'
import { SERVER_VERSION } from './version.js'

const USAGE = `usage: chatgate-server --config FILE [--host HOST] [--port PORT] [--log-level LEVEL]
       chatgate-server --help | --version
  (in the Chatgate repository: pnpm server --config FILE …)
  --config     JSON config file (see @chatgate/server's README)
  --host       overrides the config's host (default 127.0.0.1)
  --port       overrides the config's port (default 8080; 0 picks a free port)
  --log-level  debug | info | warn | error | silent (default info)
Every line it writes while it runs is one JSON object; --help and --version print text.`

const OPTIONS = {
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const

/** Stops with one JSON line on stderr saying why: exit 1 for what stops the start, 2 for bad arguments. */
function exitWith(event: string, message: string, code = 1): never {
  process.stderr.write(jsonLine('error', event, { message }))
  process.exit(code)
}

function badArguments(message: string): never {
  exitWith('bad_arguments', `${message} Run chatgate-server --help for the options.`, 2)
}

function readArguments() {
  try {
    return parseArgs({ options: OPTIONS, strict: true }).values
  } catch (error) {
    return badArguments((error as Error).message)
  }
}

async function main(): Promise<void> {
  const args = readArguments()
  if (args.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  if (args.version) {
    process.stdout.write(`${SERVER_VERSION}\n`)
    return
  }
  const configFile = args.config ?? badArguments('--config is required.')
  const logLevel = args['log-level'] ?? 'info'
  if (!isLogLevel(logLevel)) badArguments('--log-level must be debug, info, warn, error or silent.')
  const logger = createLogger({ level: logLevel })
  routeProcessOutput(logger)

  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(configFile, 'utf8'))
  } catch (error) {
    exitWith('config_unreadable', `Cannot read config ${configFile}: ${(error as Error).message}`)
  }
  if (typeof raw === 'object' && raw !== null) {
    const fields = raw as Record<string, unknown>
    if (args.host !== undefined) fields.host = args.host
    if (args.port !== undefined) {
      if (!/^\d+$/.test(args.port)) badArguments('--port must be an integer from 0 to 65535.')
      fields.port = Number(args.port)
    }
  }
  let config: ReturnType<typeof parseConfig>
  try {
    config = parseConfig(raw)
  } catch (error) {
    if (error instanceof ConfigError) exitWith('config_invalid', error.message)
    throw error
  }
  for (const warning of secretExposureWarnings(configFile, raw)) {
    logger.warn('secret_key_readable', { message: warning })
  }

  // Signals are handled from here on: while the registry connects, while the node waits
  // to be ready, and once it serves. The first drains (rule 35), a second stops at once.
  let server: RunningServer | undefined
  let announcedReady = false
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    signals++
    // Still starting (e.g. Redis does not answer yet): nothing is listening, nothing to close.
    if (!server) {
      logger.info('signal', { signal, action: 'exit' })
      process.exit(0)
    }
    // Never ready (a new Redis being rebuilt): no balancer sends it anyone to drain.
    if (signals > 1 || !announcedReady) {
      logger.info('signal', { signal, action: 'close_now' })
      server.close().then(
        () => process.exit(0),
        (error: unknown) => exitWith('shutdown_failed', `Shutdown failed: ${String(error)}`),
      )
      return
    }
    const { drainSeconds, closeSpreadMs } = config.shutdown
    logger.info('signal', { signal, action: 'drain', drainSeconds, closeSpreadMs })
    server.drain().then(
      () => process.exit(0),
      (error: unknown) => exitWith('shutdown_failed', `Shutdown failed: ${String(error)}`),
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  try {
    server = await startServer(config, { logger })
  } catch (error) {
    exitWith('start_failed', `Cannot start: ${(error as Error).message ?? String(error)}`)
  }

  const ready = await server.readiness()
  if (!ready.ready) {
    process.stdout.write(
      jsonLine('info', 'not_ready', {
        url: server.url,
        reason: ready.reason,
        message: `chatgate server not ready yet on ${server.url} (${ready.reason}): logins are refused until it is; /readyz answers 503`,
      }),
    )
    try {
      await server.whenReady()
    } catch (error) {
      // Stopped by a signal before it was ready: the signal's handler exits once closed.
      if (signals > 0) return
      throw error
    }
  }
  if (signals > 0) return
  announcedReady = true
  // One line on stdout that scripts can wait for, once the node would admit a login.
  process.stdout.write(
    jsonLine('info', 'ready', {
      url: server.url,
      wsUrl: server.wsUrl,
      version: SERVER_VERSION,
      message: `chatgate server listening on ${server.url} (WebSocket ${server.wsUrl})`,
    }),
  )
}

main().catch((error: unknown) =>
  exitWith('start_failed', `Cannot start: ${(error as Error).message ?? String(error)}`),
)
