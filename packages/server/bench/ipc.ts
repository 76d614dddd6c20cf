import { type ChildProcess, fork } from 'node:child_process'

/** A request to a bench child process and the answer it sends back, matched by `id`. */
export interface Envelope<T> {
  id: number
  body: T
}

/** Forks a TypeScript bench script with sibling packages read from source. */
export function forkScript(url: URL, nodeFlags: string[] = []): ChildProcess {
  return fork(url, {
    execArgv: ['--import', 'tsx', '--conditions=source', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}

/** Sends a request and resolves with the child's answer. */
export function ask<Req, Res>(child: ChildProcess, body: Req): Promise<Res> {
  const id = Math.floor(Math.random() * 2 ** 31)
  return new Promise((resolve, reject) => {
    const onMessage = (message: Envelope<Res>) => {
      if (message.id !== id) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(message.body)
    }
    const onExit = (code: number | null) => reject(new Error(`bench child exited (${code})`))
    child.on('message', onMessage)
    child.once('exit', onExit)
    child.send({ id, body } satisfies Envelope<Req>)
  })
}

/** In a child: answers each request with `handle`. */
export function serve<Req, Res>(handle: (request: Req) => Promise<Res>): void {
  process.on('message', (message: Envelope<Req>) => {
    handle(message.body).then(
      (body) => process.send!({ id: message.id, body } satisfies Envelope<Res>),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  })
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)]!
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}
