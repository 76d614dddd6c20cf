import { request } from 'node:http'
import { connect } from 'node:net'
import type { Logger } from '../../src/logger.js'

export interface RawAnswer {
  status: number
  /** Everything the server wrote, head and body. */
  text: string
}

/**
 * Writes `request` byte for byte on a fresh TCP socket and reads until the server closes
 * it: for requests `fetch` refuses to send, such as a malformed request target.
 */
export function rawHttp(url: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) })
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.on('error', reject)
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)
      if (!status) reject(new Error(`no HTTP status line in ${JSON.stringify(text)}`))
      else resolve({ status: Number(status[1]), text })
    })
    socket.write(request)
  })
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error'
  event: string
  fields: Record<string, unknown> | undefined
}

/** A logger that keeps every line, to assert on what was logged and at which level. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = []
  const at = (level: LogLine['level']) => (event: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, event, fields })
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

export interface PlainAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * One HTTP request with exactly the headers given (`Host` and `Origin` included, which
 * `fetch` would set or refuse by itself), as a browser or an attacker would send them.
 */
export function plainRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} })
    req.on('error', reject)
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.end(options.body)
  })
}
