import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, loginClient, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

describe('server lifecycle', () => {
  it('close() sends 1001 (going away) to every client, stops accepting, and is safe to call twice', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    const waiting = await TestClient.connect(server.wsUrl)
    await Promise.all([server.close(), server.close()])
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect((await waiting.closeEvent()).code).toBe(CLOSE_CODES.GOING_AWAY)
    await expect(TestClient.connect(server.wsUrl)).rejects.toThrow()
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
  })

  it('answers upgrades on other paths with 404', async () => {
    const server = await startTestServer()
    await expect(TestClient.connect(`${server.wsUrl.replace('/ws', '/other')}`)).rejects.toThrow(
      /404/,
    )
  })

  it('starting on a port in use fails with the listen error', async () => {
    const server = await startTestServer()
    await expect(
      startTestServer({
        host: '127.0.0.1',
        port: server.port,
        apps: [{ SDKAppID: 1, secretKey: 'a-secret-key' }],
      }),
    ).rejects.toThrow(/EADDRINUSE/)
  })
})
