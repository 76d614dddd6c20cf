import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ServerConfigInput } from '../../src/config.js'
import { type NodeReadiness, untilReady } from '../../src/readiness.js'
import type { RunningServer } from '../../src/startServer.js'
import { readyUrls } from './cliLines.js'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))

/**
 * A login server running as its own OS process, started through the CLI. It has the
 * shape of `RunningServer` so the shared test helpers (clients, admin REST) work on it.
 */
export interface NodeProcess extends RunningServer {
  readonly child: ChildProcess
  /** What the process wrote to stderr (logs), for failure messages. */
  readonly stderr: () => string
  /** SIGKILL: no shutdown code runs, the heartbeat just stops. */
  kill9(): Promise<void>
  /** SIGTERM, then SIGKILL if it does not exit in time. */
  stop(): Promise<void>
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Spawns `cli.ts --config FILE --port 0` in one node process (`node --import tsx`, not the
 * `tsx` wrapper, so that kill -9 hits the server itself) and waits for its ready line.
 * Unless the config says otherwise, SIGTERM closes at once (no drain, no spread).
 */
export async function spawnNode(
  config: ServerConfigInput,
  options: {
    timeoutMs?: number
    logLevel?: string
    /** Starts the process under `ulimit -n` of this many open files. */
    maxOpenFiles?: number
    /** More flags for node (V8's among them). */
    nodeFlags?: string[]
  } = {},
): Promise<NodeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'chatgate-node-'))
  const configFile = join(dir, 'config.json')
  const shutdown = { drainSeconds: 0, closeSpreadMs: 0, ...config.shutdown }
  writeFileSync(configFile, JSON.stringify({ ...config, shutdown }), { mode: 0o600 })
  const args = [
    ...(options.nodeFlags ?? []),
    '--conditions=source',
    '--import',
    'tsx',
    cli,
    '--config',
    configFile,
    '--port',
    '0',
    '--log-level',
    options.logLevel ?? 'warn',
  ]
  const spawnOptions: SpawnOptions = { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
  // `exec` keeps the pid: signals and /proc/PID are the server's own.
  const child =
    options.maxOpenFiles === undefined
      ? spawn(process.execPath, args, spawnOptions)
      : spawn(
          '/bin/sh',
          ['-c', `ulimit -n ${options.maxOpenFiles} && exec "$0" "$@"`, process.execPath, ...args],
          spawnOptions,
        )
  // Last resort if the test process ends without `stop()` (a crash, a timeout).
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  let stdout = ''
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const urls = await new Promise<{ url: string; wsUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`node did not start in time: ${stderr}`))
    }, options.timeoutMs ?? 20_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const urls = readyUrls(stdout)
      if (urls) {
        clearTimeout(timer)
        resolve(urls)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`node exited with ${code}: ${stderr}`))
    })
  })
  const cleanup = () => rmSync(dir, { recursive: true, force: true })
  const registry = config.registry
  const stop = async () => {
    const done = exited(child)
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
    await done
    clearTimeout(timer)
    cleanup()
  }
  // What the process's /readyz answers; the CLI printed its listening line once ready.
  const readiness = async (): Promise<NodeReadiness> => {
    const answer = await fetch(`${urls.url}/readyz`)
    const body = (await answer.json()) as Extract<NodeReadiness, { ready: false }>
    return answer.ok ? { ready: true } : { ready: false, reason: body.reason }
  }
  return {
    ...urls,
    port: Number(new URL(urls.url).port),
    readiness,
    whenReady: () => untilReady(readiness, () => child.exitCode !== null),
    nodeId: registry?.kind === 'redis' ? (registry.nodeId ?? '') : '',
    close: stop,
    drain: stop,
    stop,
    child,
    stderr: () => stderr,
    async kill9() {
      child.kill('SIGKILL')
      await exited(child)
      cleanup()
    },
  }
}
