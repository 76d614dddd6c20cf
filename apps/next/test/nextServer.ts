import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { NEXT_APP_DIR, NEXT_BIN, nextEnv } from './paths.js'

export interface NextServer {
  /** `http://127.0.0.1:PORT` */
  url: string
  close(): Promise<void>
}

/** A port nobody listens on right now (the OS picks it; `next start` has no port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`next start exited with ${child.exitCode}:\n${output()}`)
    }
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`next start did not answer at ${url} within 60 s:\n${output()}`)
}

/** `next start` of the built example on 127.0.0.1, talking to the login server at `wsUrl`. */
export async function startNextServer(wsUrl: string): Promise<NextServer> {
  const port = await freePort()
  // Its own process group, so closing stops next and any worker it forked.
  const child = spawn(NEXT_BIN, ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: NEXT_APP_DIR,
    env: nextEnv(wsUrl),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    await exited
  }
  const url = `http://127.0.0.1:${port}`
  try {
    await waitUntilServing(url, child, () => output)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, close: stop }
}
