import { connect } from 'node:net'
import { ERROR_CODES, englishMessage } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { rawHttp } from './helpers/rawHttp.js'
import { cleanup, serverConfig, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

// What a refused upgrade is answered, byte for byte: a status line with its reason phrase,
// `Connection: close`, and a length the client can trust; then the server lets go.

function upgradeRequest(path: string): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
  )
}

const capBody = JSON.stringify({
  code: ERROR_CODES.TOO_MANY_CONNECTIONS,
  message: englishMessage(ERROR_CODES.TOO_MANY_CONNECTIONS),
})

describe('a refused upgrade', () => {
  it('to a path that is not the WebSocket endpoint: 404 with an empty body', async () => {
    const server = await startTestServer()
    const answer = await rawHttp(server.url, upgradeRequest('/nope'))
    expect(answer.text).toBe(
      'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
    )
  })

  it('over the per-address cap: 429 with the code 90017 in JSON', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxConnectionsPerAddress: 1 } }))
    await TestClient.connect(server.wsUrl)
    const answer = await rawHttp(server.url, upgradeRequest('/ws'))
    expect(answer.text).toBe(
      'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(capBody)}\r\n\r\n${capBody}`,
    )
  })

  it('over the server-wide cap: 503 with the code 90017 in JSON', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxConnections: 1 } }))
    await TestClient.connect(server.wsUrl)
    const answer = await rawHttp(server.url, upgradeRequest('/ws'))
    expect(answer.status).toBe(503)
    expect(answer.text).toBe(
      'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(capBody)}\r\n\r\n${capBody}`,
    )
  })

  it('is let go of once answered, even by a client that keeps its own half open', async () => {
    // A close timeout far beyond the test: only the answer being written out can end it.
    const server = await startTestServer(serverConfig({ limits: { closeTimeoutMs: 60_000 } }))
    const { port } = new URL(server.url)
    const socket = connect({ host: '127.0.0.1', port: Number(port), allowHalfOpen: true })
    socket.on('error', () => {})
    socket.resume()
    const ended = new Promise((resolve) => socket.once('end', resolve))
    socket.write(upgradeRequest('/nope'))
    await ended
    // The server's end is gone, not half open: what the client writes now is refused (a
    // reset), and the client's socket closes.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closed = new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(true))
      setTimeout(() => resolve(false), 2_000).unref()
    })
    socket.write('still here\r\n')
    setTimeout(() => socket.writable && socket.write('and here\r\n'), 100).unref()
    expect(await closed).toBe(true)
    socket.destroy()
  })
})
