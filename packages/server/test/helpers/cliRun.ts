import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readyUrls } from './cliLines.js'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
// tsx as a loader in one Node process: the `tsx` command runs a child and relays signals
// to it, and decides on its own exit code when the child is slow to say it handles them.
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href
const children = new Set<ChildProcess>()

/** Whether `check` holds; one that throws (output cut mid-line) does not, yet. */
function holds(check: () => boolean): boolean {
  try {
    return check()
  } catch {
    return false
  }
}

/** A config file in a fresh temporary directory (mode 600 unless said otherwise). */
export function writeConfig(config: unknown, mode = 0o600): string {
  const file = join(mkdtempSync(join(tmpdir(), 'chatgate-cli-')), 'config.json')
  writeFileSync(file, JSON.stringify(config))
  chmodSync(file, mode)
  return file
}

export interface Run {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
  /**
   * Resolves once `check` holds, checked again on each chunk of output, not on a poll;
   * rejects with `failure()` when the process has ended (its output read to the end)
   * without it, or after `timeoutMs`.
   */
  until(check: () => boolean, timeoutMs: number, failure: () => string): Promise<void>
}

export function spawnRun(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Run {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env })
  children.add(child)
  let stdout = ''
  let stderr = ''
  let ended = false
  const waiters = new Set<() => void>()
  const wake = () => {
    for (const waiter of waiters) waiter()
  }
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d
    wake()
  })
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d
    wake()
  })
  // 'close', not 'exit': the output has been read to its end by then.
  child.once('close', () => {
    ended = true
    wake()
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const until = (check: () => boolean, timeoutMs: number, failure: () => string) =>
    new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        waiters.delete(look)
        clearTimeout(timer)
        if (error) reject(error)
        else resolve()
      }
      const look = () => {
        if (holds(check)) settle()
        else if (ended) settle(new Error(failure()))
      }
      const timer = setTimeout(() => settle(new Error(failure())), timeoutMs)
      waiters.add(look)
      look()
    })
  return { child, stdout: () => stdout, stderr: () => stderr, exited, until }
}

/** The CLI from its sources in one Node process, so signals reach the server itself. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  return spawnRun(
    process.execPath,
    ['--import', tsxLoader, '--conditions=source', cli, ...args],
    env,
  )
}

/** Kills what is still running (for afterEach). */
export function killChildren(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  children.clear()
}

/** Waits for the CLI's ready line; its HTTP URL. */
export async function listening(r: Run, timeoutMs = 15_000): Promise<string> {
  await r.until(
    () => readyUrls(r.stdout()) !== undefined,
    timeoutMs,
    () => `server did not start: ${r.stderr()}`,
  )
  return readyUrls(r.stdout())!.url
}

/**
 * Waits until `pattern` shows in the complete lines of the process's output (`read`: its
 * stdout or stderr), so the line it matched can be parsed at once.
 */
export async function untilOutput(
  r: Run,
  read: () => string,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<void> {
  const lines = () => read().slice(0, read().lastIndexOf('\n') + 1)
  await r.until(
    () => pattern.test(lines()),
    timeoutMs,
    () => `timed out waiting for ${pattern}: ${read()}`,
  )
}
