import { verifyUserSig } from '@chatgate/usersig'
import { afterEach, describe, expect, it } from 'vitest'
import { APP_ID, cleanup, SECRET, serverConfig, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

const post = (url: string, body: unknown) =>
  fetch(`${url}/dev/usersig`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('POST /dev/usersig', () => {
  it('is not served unless dev.usersigEndpoint is true', async () => {
    const server = await startTestServer()
    expect((await post(server.url, { SDKAppID: APP_ID, userID: 'alice' })).status).toBe(404)
  })

  it('signs a UserSig that logs in, and logs a development-only warning', async () => {
    const lines: string[] = []
    const logger = {
      debug() {},
      info() {},
      warn: (event: string) => lines.push(event),
      error() {},
    }
    const server = await startTestServer(serverConfig({ dev: { usersigEndpoint: true } }), {
      logger,
    })
    expect(lines).toContain('dev_usersig_endpoint_enabled')
    const res = await post(server.url, { SDKAppID: APP_ID, userID: 'alice', expireSeconds: 600 })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const { userSig } = (await res.json()) as { userSig: string }
    const verified = verifyUserSig(userSig, {
      sdkAppID: APP_ID,
      secretKey: SECRET,
      userID: 'alice',
    })
    expect(verified).toMatchObject({ ok: true })
    if (verified.ok) expect(verified.expiresAt - verified.issuedAt).toBe(600)
    const client = await TestClient.connect(server.wsUrl)
    const seq = client.sendLogin({ userID: 'alice', userSig })
    expect(await client.message('ready', seq)).toMatchObject({ userID: 'alice' })
  })

  it('refuses bad requests with a code', async () => {
    const server = await startTestServer(serverConfig({ dev: { usersigEndpoint: true } }))
    const unknownApp = await post(server.url, { SDKAppID: 1, userID: 'alice' })
    expect(unknownApp.status).toBe(404)
    expect(await unknownApp.json()).toMatchObject({ code: 70020 })
    const badUser = await post(server.url, { SDKAppID: APP_ID, userID: 'no spaces' })
    expect(await badUser.json()).toMatchObject({ code: 90006 })
    const badExpiry = await post(server.url, { SDKAppID: APP_ID, userID: 'a', expireSeconds: -1 })
    expect(badExpiry.status).toBe(400)
    expect(await badExpiry.json()).toMatchObject({ code: 6017 })
    const preflight = await fetch(`${server.url}/dev/usersig`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
  })
})
