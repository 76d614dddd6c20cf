import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { RunningServer } from '../src/startServer.js'
import { untilAccepted } from './helpers/untilAccepted.js'
import { cleanup, serverConfig, startTestServer, TestClient } from './helpers.js'

const sockets = new Set<Socket>()

afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  await cleanup()
})

/** A socket that starts an upgrade request and never finishes its headers (slowloris). */
async function halfOpen(server: RunningServer): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: server.port })
  sockets.add(socket)
  socket.on('error', () => {})
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n')
  return socket
}

/** Sends a whole `GET /healthz` on a new socket: everything the server wrote before closing it. */
function healthz(server: RunningServer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: server.port })
    sockets.add(socket)
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve(text))
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
  })
}

/** Asks until the server answers (it notices a closed socket a moment after the client). */
async function untilAnswered(server: RunningServer): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const text = await healthz(server)
    if (text !== '') return text
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('never answered')
}

/** A WebSocket through the trusted "proxy", from one client address. */
async function openThroughProxy(server: RunningServer): Promise<WebSocket> {
  const ws = new WebSocket(server.wsUrl, { headers: { 'x-forwarded-for': '203.0.113.9' } })
  new TestClient(ws)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return ws
}

describe('sockets that have not become WebSockets', () => {
  it('are capped per address too: past maxConnectionsPerAddress a new one is closed unanswered (rule 23)', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxConnectionsPerAddress: 3 } }))
    const first = await halfOpen(server)
    await halfOpen(server)
    await halfOpen(server)
    expect(await healthz(server)).toBe('')

    first.destroy()
    expect(await untilAnswered(server)).toMatch(/^HTTP\/1\.1 200 /)
  })

  it('are capped in total by maxConnections (rule 23)', async () => {
    const server = await startTestServer(
      serverConfig({ limits: { maxConnections: 2 }, trustProxy: ['127.0.0.1'] }),
    )
    await halfOpen(server)
    await halfOpen(server)
    expect(await healthz(server)).toBe('')
  })

  it('stop counting once upgraded, and a trusted proxy is held to the total only (rule 23)', async () => {
    const server = await startTestServer(
      serverConfig({ limits: { maxConnectionsPerAddress: 2 }, trustProxy: ['127.0.0.1'] }),
    )
    // Two WebSockets through the "proxy" for two clients: neither is pending any more.
    for (const client of ['203.0.113.1', '203.0.113.2']) {
      const ws = new WebSocket(server.wsUrl, { headers: { 'x-forwarded-for': client } })
      new TestClient(ws)
      await new Promise((resolve, reject) => {
        ws.once('open', resolve)
        ws.once('error', reject)
      })
    }
    // Three sockets from the proxy mid-request: the proxy is not one client.
    await halfOpen(server)
    await halfOpen(server)
    await halfOpen(server)
    expect(await healthz(server)).toMatch(/^HTTP\/1\.1 200 /)
  })

  it('a WebSocket is uncounted once, at its upgrade: its close does not free a second place (rule 23)', async () => {
    const server = await startTestServer(
      serverConfig({ limits: { maxConnections: 2 }, trustProxy: ['127.0.0.1'] }),
    )
    const first = [await openThroughProxy(server), await openThroughProxy(server)]
    for (const ws of first) ws.close()
    // Both places taken again: the server has seen the first two close (its WebSocket
    // count frees a place in the same 'close' event that would uncount a socket again).
    await untilAccepted(() => openThroughProxy(server))
    await untilAccepted(() => openThroughProxy(server))
    // Not yet WebSockets, these two fill the total of sockets that are not.
    await halfOpen(server)
    await halfOpen(server)
    expect(await healthz(server)).toBe('')
  })

  it('get the login deadline to send their request headers: then 408 and closed (rule 23)', async () => {
    const server = await startTestServer(serverConfig(), { loginDeadlineMs: 200 })
    const socket = await halfOpen(server)
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    await new Promise((resolve) => socket.once('close', resolve))
    expect(text).toMatch(/^HTTP\/1\.1 408 /)
  }, 20_000)
})
