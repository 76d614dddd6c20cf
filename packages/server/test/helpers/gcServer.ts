import { type ChildProcess, fork } from 'node:child_process'
import type { ServerConfigInput } from '../../src/config.js'

export interface GcServer {
  child: ChildProcess
  url: string
  wsUrl: string
  /**
   * Runs full garbage collections in the server process, then resolves with what live
   * objects hold: its JS heap and the memory outside it that objects own (buffers), bytes.
   */
  retained(): Promise<number>
  stop(): Promise<void>
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server process exited (${code})`))
    child.once('message', (message) => {
      child.off('exit', onExit)
      resolve(message as T)
    })
    child.once('exit', onExit)
  })
}

/** A login server in its own process, from source, whose garbage a test can have collected. */
export async function startGcServer(config: ServerConfigInput): Promise<GcServer> {
  const child = fork(new URL('./gcServerChild.ts', import.meta.url), {
    execArgv: ['--import', 'tsx', '--conditions=source', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const started = nextMessage<{ url: string; wsUrl: string }>(child)
  child.send({ op: 'start', config })
  const { url, wsUrl } = await started
  return {
    child,
    url,
    wsUrl,
    async retained() {
      const answer = nextMessage<{ retained: number }>(child)
      child.send({ op: 'gc' })
      return (await answer).retained
    },
    async stop() {
      process.off('exit', killOnExit)
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
  }
}
