import { verifyUserSig } from '@chatgate/usersig'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../src/config.js'
import { startServer } from '../src/startServer.js'
import { plainRequest, recordingLogger } from './helpers/rawHttp.js'
import {
  ADMIN,
  APP_ID,
  adminCall,
  cleanup,
  SECRET,
  serverConfig,
  startTestServer,
  TestClient,
} from './helpers.js'

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
    // Rule 24: no wildcard CORS; a request without Origin is not a web page and gets none.
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
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

describe('the dev UserSig endpoint never hands out admin power (rule 24)', () => {
  const devServer = (dev: Record<string, unknown> = {}, limits: Record<string, number> = {}) =>
    startTestServer(serverConfig({ dev: { usersigEndpoint: true, ...dev }, limits }))
  const json = (body: unknown) => JSON.stringify(body)

  it('refuses the red-team request: a cross-site text/plain POST for the admin gets no sig and no CORS', async () => {
    const server = await devServer()
    const answer = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: json({ SDKAppID: APP_ID, userID: ADMIN, expireSeconds: 180 * 86_400 }),
    })
    expect(answer.status).toBe(403)
    expect(JSON.parse(answer.body)).toMatchObject({ code: 6017, message: expect.any(String) })
    expect(answer.body).not.toContain('userSig')
    expect(answer.headers['access-control-allow-origin']).toBeUndefined()
    expect(answer.headers.vary).toBe('Origin')
  })

  it('never signs the app admin, even for a same-machine JSON request; that sig would open admin REST', async () => {
    const server = await devServer()
    const res = await post(server.url, { SDKAppID: APP_ID, userID: ADMIN })
    expect(res.status).toBe(403)
    const answer = (await res.json()) as { code: number; message: string; userSig?: string }
    expect(answer).toMatchObject({ code: 6017, message: expect.stringMatching(/admin/) })
    expect(answer.userSig).toBeUndefined()
    // Another user is still signed, and that sig is no admin sig.
    const alice = (await (
      await post(server.url, { SDKAppID: APP_ID, userID: 'alice' })
    ).json()) as {
      userSig: string
    }
    const asAdmin = await adminCall(
      server,
      '/v4/im_open_login_svc/kick',
      { UserID: 'bob' },
      {
        usersig: alice.userSig,
      },
    )
    expect(asAdmin).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70013 })
  })

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no content type', undefined],
  ])(
    'answers 415 to %s: only JSON, which a cross-site page cannot send unpreflighted',
    async (_label, type) => {
      const server = await devServer()
      const answer = await plainRequest(`${server.url}/dev/usersig`, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: json({ SDKAppID: APP_ID, userID: 'alice' }),
      })
      expect(answer.status).toBe(415)
      expect(JSON.parse(answer.body)).toMatchObject({ code: 6017 })
    },
  )

  it('answers another web origin 403 without CORS headers, and its preflight too', async () => {
    const server = await devServer()
    const origin = 'https://evil.example'
    const posted = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: json({ SDKAppID: APP_ID, userID: 'alice' }),
    })
    expect(posted.status).toBe(403)
    expect(posted.body).not.toContain('userSig')
    expect(posted.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers exactly the origins of dev.allowOrigins, naming the origin (never *) with Vary: Origin', async () => {
    const origin = 'http://localhost:5173'
    const server = await devServer({ allowOrigins: [origin] })
    const preflight = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe(origin)
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type')
    expect(preflight.headers.vary).toBe('Origin')
    const posted = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: json({ SDKAppID: APP_ID, userID: 'alice' }),
    })
    expect(posted.status).toBe(200)
    expect(posted.headers['access-control-allow-origin']).toBe(origin)
    expect(posted.headers.vary).toBe('Origin')
    expect(JSON.parse(posted.body)).toHaveProperty('userSig')
    // A look-alike origin is not on the list.
    const other = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5174', 'content-type': 'application/json' },
      body: json({ SDKAppID: APP_ID, userID: 'alice' }),
    })
    expect(other.status).toBe(403)
  })

  it('answers its own origin without CORS headers', async () => {
    const server = await devServer()
    const answer = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: json({ SDKAppID: APP_ID, userID: 'alice' }),
    })
    expect(answer.status).toBe(200)
    expect(answer.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('on loopback, refuses a Host that is not this machine (a page that rebinds its domain to 127.0.0.1)', async () => {
    const server = await devServer()
    const host = `rebound.example:${server.port}`
    const answer = await plainRequest(`${server.url}/dev/usersig`, {
      method: 'POST',
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
      body: json({ SDKAppID: APP_ID, userID: 'alice' }),
    })
    expect(answer.status).toBe(403)
    expect(answer.body).not.toContain('userSig')
  })

  it('hands out no sig longer than limits.maxUserSigSeconds', async () => {
    const server = await devServer({}, { maxUserSigSeconds: 3600 })
    const tooLong = await post(server.url, { SDKAppID: APP_ID, userID: 'a', expireSeconds: 7200 })
    expect(tooLong.status).toBe(400)
    expect(await tooLong.json()).toMatchObject({
      code: 6017,
      message: expect.stringContaining('3600'),
    })
    const res = await post(server.url, { SDKAppID: APP_ID, userID: 'a' })
    const { userSig } = (await res.json()) as { userSig: string }
    const verified = verifyUserSig(userSig, { sdkAppID: APP_ID, secretKey: SECRET, userID: 'a' })
    expect(verified.ok && verified.expiresAt - verified.issuedAt).toBe(3600)
  })

  it('refuses to start on a non-loopback host, naming the setting; nothing is left listening', async () => {
    const logger = recordingLogger()
    const config = serverConfig({ host: '0.0.0.0', dev: { usersigEndpoint: true } })
    const started = startServer(config, { logger })
    await expect(started).rejects.toBeInstanceOf(ConfigError)
    await expect(started).rejects.toThrow(/dev\.allowNonLoopback/)
    expect(logger.lines.map((line) => line.event)).not.toContain('listening')
  })

  it('starts on a non-loopback host only with dev.allowNonLoopback, and then warns loudly', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(
      serverConfig({ host: '0.0.0.0', dev: { usersigEndpoint: true, allowNonLoopback: true } }),
      { logger },
    )
    const warning = logger.lines.find((line) => line.event === 'dev_usersig_endpoint_public')
    expect(warning?.level).toBe('warn')
    expect(String(warning?.fields?.message)).toMatch(/^WARNING: .*0\.0\.0\.0/)
    expect(server.port).toBeGreaterThan(0)
  })

  it('starts on localhost, a loopback name, with the development-only warning', async () => {
    const logger = recordingLogger()
    await startTestServer(serverConfig({ host: 'localhost', dev: { usersigEndpoint: true } }), {
      logger,
    })
    expect(logger.lines.map((line) => line.event)).toContain('dev_usersig_endpoint_enabled')
    expect(logger.lines.map((line) => line.event)).not.toContain('dev_usersig_endpoint_public')
  })

  it('leaves a non-loopback server alone when the endpoint is off', async () => {
    const server = await startTestServer(serverConfig({ host: '0.0.0.0' }))
    expect(server.port).toBeGreaterThan(0)
  })
})
