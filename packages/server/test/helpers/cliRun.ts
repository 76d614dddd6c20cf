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
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d
  })
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
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
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const urls = readyUrls(r.stdout())
    if (urls) return urls.url
    if (r.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start: ${r.stderr()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Polls the process's output until `pattern` shows. */
export async function untilOutput(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${read()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
