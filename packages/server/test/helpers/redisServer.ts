import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A throw-away `redis-server` on a free loopback port, without persistence. */
export interface TestRedis {
  readonly port: number
  readonly url: string
  /** Kills it (SIGKILL) and starts a new, empty one on the same port: a restart that loses data. */
  restart(): Promise<void>
  /** Kills it (SIGKILL); it stays down until `start()`. */
  kill(): Promise<void>
  /** Starts a new, empty one on the same port after `kill()`. */
  start(): Promise<void>
  /** Freezes it (SIGSTOP): connections stay open but nothing answers, data is kept. */
  pause(): void
  resume(): void
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    // A server with a password answers NOAUTH: it is up all the same.
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())))
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export async function startTestRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'chatgate-redis-'))
  const pidFile = join(dir, 'redis.pid')
  const port = await freePort()
  let pid = 0

  async function launch(): Promise<void> {
    rmSync(pidFile, { force: true })
    const run = spawnSync('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      pidFile,
      '--dir',
      dir,
      '--logfile',
      join(dir, 'redis.log'),
      ...(options.password ? ['--requirepass', options.password] : []),
    ])
    if (run.error || run.status !== 0) {
      throw new Error(`redis-server did not start: ${run.error?.message ?? run.stderr.toString()}`)
    }
    for (let i = 0; i < 200; i++) {
      if (await ping(port)) {
        pid = Number(readFileSync(pidFile, 'utf8').trim())
        return
      }
      await sleep(10)
    }
    throw new Error(`redis-server did not answer on port ${port}`)
  }

  async function kill(): Promise<void> {
    if (!pid) return
    try {
      process.kill(pid, 'SIGCONT')
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
    for (let i = 0; i < 200 && isRunning(pid); i++) await sleep(10)
    pid = 0
  }

  await launch()
  // Last resort if the test process ends without `stop()` (a crash, a timeout).
  const killOnExit = () => {
    if (!pid) return
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  process.once('exit', killOnExit)
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart() {
      await kill()
      await launch()
    },
    kill,
    start: launch,
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    async stop() {
      process.off('exit', killOnExit)
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
