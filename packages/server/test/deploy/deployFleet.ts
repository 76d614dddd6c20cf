import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readyUrls } from '../helpers/cliLines.js'

const deployDir = fileURLToPath(new URL('../../deploy/', import.meta.url))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** A node started as the README says: `node dist/cli.js --config FILE --port PORT`. */
export interface BinaryNode {
  readonly port: number
  readonly child: ChildProcess
  readonly stderr: () => string
  /** SIGTERM (the node drains), then its exit code. */
  stop(): Promise<number | null>
}

export async function startBinaryNode(
  bin: string,
  configFile: string,
  port: number,
): Promise<BinaryNode> {
  const child = spawn(process.execPath, [bin, '--config', configFile, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const deadline = Date.now() + 30_000
  while (!readyUrls(stdout)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`node on port ${port} did not start: ${stderr}`)
    }
    await sleep(20)
  }
  return {
    port,
    child,
    stderr: () => stderr,
    async stop() {
      const exited = exitOf(child)
      child.kill('SIGTERM')
      return exited
    },
  }
}

/** Ports of the shipped nginx config, and what the test puts in their place. */
export interface NginxPorts {
  nodeA: number
  nodeB: number
  /** The public listener (`listen 80` in the shipped file). */
  public: number
  /** The backend's admin REST listener (`listen 127.0.0.1:8090`). */
  admin: number
}

/**
 * The shipped `deploy/nginx/chatgate.conf` with the test's ports: every address it names
 * is replaced exactly once, so a changed file fails here instead of being half-tested.
 */
export function renderShippedNginxConfig(ports: NginxPorts): string {
  let text = readFileSync(join(deployDir, 'nginx/chatgate.conf'), 'utf8')
  const replacements: [string, string][] = [
    ['server 127.0.0.1:8081 ', `server 127.0.0.1:${ports.nodeA} `],
    ['server 127.0.0.1:8082 ', `server 127.0.0.1:${ports.nodeB} `],
    ['listen 80;', `listen 127.0.0.1:${ports.public};`],
    ['listen 127.0.0.1:8090;', `listen 127.0.0.1:${ports.admin};`],
  ]
  for (const [from, to] of replacements) {
    if (text.split(from).length !== 2) throw new Error(`chatgate.conf should name "${from}" once`)
    text = text.replace(from, to)
  }
  return text
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export interface Nginx {
  stop(): Promise<void>
  readonly errors: () => string
}

/**
 * Debian's nginx in the foreground (`nginx -c FILE -g 'daemon off;'`) with the shipped
 * config included in a minimal main config whose paths all lie in a temporary directory.
 */
export async function startNginx(ports: NginxPorts): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'chatgate-nginx-'))
  // nginx's workers may run as another user: they must reach the directory.
  chmodSync(dir, 0o755)
  mkdirSync(join(dir, 'logs'))
  writeFileSync(join(dir, 'chatgate.conf'), renderShippedNginxConfig(ports))
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'logs/error.log')} warn;`,
      'worker_processes 1;',
      'events { worker_connections 2048; }',
      'http {',
      '  access_log off;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      `  include ${join(dir, 'chatgate.conf')};`,
      '}',
    ].join('\n'),
  )
  const child = spawn(
    'nginx',
    [
      '-p',
      dir,
      '-e',
      join(dir, 'logs/error.log'),
      '-c',
      join(dir, 'nginx.conf'),
      '-g',
      'daemon off;',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const errors = () => {
    let log = ''
    try {
      log = readFileSync(join(dir, 'logs/error.log'), 'utf8')
    } catch {
      // not written yet
    }
    return `${stderr}${log}`
  }
  const deadline = Date.now() + 10_000
  while (!(await accepts(ports.public))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`nginx did not start: ${errors()}`)
    }
    await sleep(20)
  }
  return {
    errors,
    async stop() {
      const exited = exitOf(child)
      // TERM: a fast shutdown (QUIT would wait for open WebSockets to end).
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
