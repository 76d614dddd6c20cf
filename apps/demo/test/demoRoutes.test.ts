import { get, request } from 'node:http'
import { ERROR_CODES } from '@chatgate/protocol'
import { verifyUserSig } from '@chatgate/usersig'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoStack, startDemoStack } from '../server/demoStack.js'
import { type StaticServer, startStaticServer } from '../server/staticServer.js'
import { DEMO_DIST } from './paths.js'

// The demo's server-side routes over real http, beside a real login server.
describe('demo routes', () => {
  let stack: DemoStack
  let web: StaticServer

  beforeAll(async () => {
    stack = await startDemoStack({ serverOptions: { logLevel: 'error' } })
    web = await startStaticServer({ root: DEMO_DIST, routes: stack.routes })
  })

  afterAll(async () => {
    await web?.close()
    await stack?.close()
  })

  async function call(path: string, init?: RequestInit) {
    const response = await fetch(`${web.url}${path}`, init)
    return { status: response.status, body: await response.json() }
  }

  const post = (path: string, body: unknown) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('GET /config.json gives the page the SDKAppID and WebSocket URL, nothing else', async () => {
    const { status, body } = await call('/config.json')
    expect(status).toBe(200)
    expect(body).toEqual({ SDKAppID: stack.app.SDKAppID, url: stack.loginServer.wsUrl })
  })

  it('/dev/usersig returns a sig for the demo app that verifies with its key (rule 2)', async () => {
    const { status, body } = await post('/dev/usersig', { userID: 'alice', expireSeconds: 60 })
    expect(status).toBe(200)
    const verified = verifyUserSig(body.userSig, {
      sdkAppID: stack.app.SDKAppID,
      secretKey: stack.app.secretKey,
      userID: 'alice',
    })
    expect(verified).toMatchObject({ ok: true, userID: 'alice' })
    if (verified.ok) expect(verified.expiresAt - verified.issuedAt).toBe(60)
  })

  it('/admin/online signs a valid admin UserSig: the REST query answers OK (rule 19)', async () => {
    const { status, body } = await post('/admin/online', { userIDs: ['nobody'] })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      ActionStatus: 'OK',
      ErrorCode: 0,
      QueryResult: [{ To_Account: 'nobody', Status: 'Offline' }],
    })
  })

  it('bad input gets a clear error with a code', async () => {
    const cases: [Promise<{ status: number; body: { code: number } }>, number, number][] = [
      [post('/admin/kick', '{not json'), 400, ERROR_CODES.INVALID_JSON],
      [post('/admin/kick', '[1,2]'), 400, ERROR_CODES.INVALID_PARAMETERS],
      [post('/admin/kick', { userID: 'not valid!' }), 400, ERROR_CODES.USER_ID_INVALID],
      [post('/admin/online', { userIDs: [] }), 400, ERROR_CODES.USER_ID_INVALID],
      [post('/admin/kick', 'x'.repeat(20_000)), 400, ERROR_CODES.FRAME_TOO_LARGE],
      [call('/admin/kick'), 405, ERROR_CODES.INVALID_PARAMETERS],
      // Relayed from the login server's dev endpoint.
      [
        post('/dev/usersig', { userID: 'alice', expireSeconds: 0 }),
        400,
        ERROR_CODES.INVALID_PARAMETERS,
      ],
      [post('/dev/usersig', { userID: '' }), 400, ERROR_CODES.USER_ID_INVALID],
    ]
    for (const [answer, status, code] of cases) {
      const { status: actualStatus, body } = await answer
      expect({ status: actualStatus, code: body.code }).toEqual({ status, code })
      expect(typeof (body as { message?: unknown }).message).toBe('string')
    }
  })

  it('malformed request targets get 400 and the server carries on', async () => {
    const { port } = new URL(web.url)
    for (const path of ['//', '/%E0%A4%A', '/admin/kick%']) {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path }, (res) => {
          res.resume()
          resolve(res.statusCode)
        }).on('error', reject)
      })
      expect({ path, status }).toEqual({ path, status: 400 })
    }
    expect((await call('/config.json')).status).toBe(200)
  })

  it('a login server that is down gets code 2800, not a hang or a crash', async () => {
    const lone = await startDemoStack({ serverOptions: { logLevel: 'error' } })
    const orphan = await startStaticServer({ root: DEMO_DIST, routes: lone.routes })
    await lone.close()
    try {
      const response = await fetch(`${orphan.url}/admin/kick`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userID: 'alice' }),
      })
      expect(response.status).toBe(502)
      expect(await response.json()).toMatchObject({ code: ERROR_CODES.NETWORK_ERROR })
    } finally {
      await orphan.close()
    }
  })

  describe('CSRF: the routes that act with the app key answer only the demo page', () => {
    // Sent with node:http so Origin and Host are exactly what a browser on another site sends.
    function send(path: string, headers: Record<string, string>, body: string) {
      return new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${web.url}${path}`, { method: 'POST', headers }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            text += chunk
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
        })
        req.on('error', reject)
        req.end(body)
      })
    }

    /** Admin REST calls the login server has answered, from its /metrics. */
    async function restCalls(): Promise<number> {
      const text = await (await fetch(`${stack.loginServer.url}/metrics`)).text()
      return text
        .split('\n')
        .filter((line) => line.startsWith('chatgate_rest_requests_total{'))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0)
    }

    it.each(['/admin/kick', '/admin/online', '/dev/usersig'])(
      '%s refuses a cross-site text/plain POST and acts on nothing',
      async (path) => {
        const restCallsBefore = await restCalls()
        const body = JSON.stringify({ userID: 'csrf-victim', userIDs: ['csrf-victim'] })
        const crossSite = await send(
          path,
          { origin: 'https://evil.example', 'content-type': 'text/plain' },
          body,
        )
        expect(crossSite.status).toBe(403)
        expect(JSON.parse(crossSite.body)).toMatchObject({ code: ERROR_CODES.INVALID_PARAMETERS })
        // JSON from another origin (a preflighted request) is refused as well.
        const crossSiteJson = await send(
          path,
          { origin: 'https://evil.example', 'content-type': 'application/json' },
          body,
        )
        expect(crossSiteJson.status).toBe(403)
        // And the demo's own origin still needs JSON.
        const plain = await send(path, { origin: web.url, 'content-type': 'text/plain' }, body)
        expect(plain.status).toBe(415)
        for (const answer of [crossSite, crossSiteJson, plain]) {
          expect(answer.body).not.toContain('userSig')
          expect(answer.body).not.toContain('ActionStatus')
        }
        // No admin REST call reached the login server.
        expect(await restCalls()).toBe(restCallsBefore)
      },
    )

    it('answers its own page (same origin, JSON)', async () => {
      const answer = await send(
        '/admin/online',
        { origin: web.url, 'content-type': 'application/json' },
        JSON.stringify({ userIDs: ['nobody'] }),
      )
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.body)).toMatchObject({ ActionStatus: 'OK' })
    })

    it('the relay never signs the admin', async () => {
      const { status, body } = await post('/dev/usersig', { userID: stack.app.admin })
      expect(status).toBe(403)
      expect(body).toMatchObject({ code: ERROR_CODES.INVALID_PARAMETERS })
      expect(body).not.toHaveProperty('userSig')
    })
  })
})
