import { readdir, readFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { ERROR_CODES } from '@chatgate/protocol'
import { verifyUserSig } from '@chatgate/usersig'
import { describe, expect, it } from 'vitest'
import { uniqueUserID, useNextExample } from './nextHarness.js'
import { NEXT_APP_DIR, TEST_APP } from './paths.js'

describe('Next.js example: the backend routes that sign UserSigs', () => {
  const example = useNextExample()

  /** A request as the app's own page sends it. */
  function sameOrigin(extra: Record<string, string> = {}): Record<string, string> {
    return { origin: example.url, 'sec-fetch-site': 'same-origin', ...extra }
  }

  function postUserSig(body: unknown, headers: Record<string, string>) {
    return fetch(`${example.url}/api/usersig`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  }

  it('signs a UserSig on the server for the app page, and starts the app session in an HttpOnly cookie', async () => {
    const userID = uniqueUserID('alice')
    const response = await postUserSig({ userID }, sameOrigin())

    expect(response.status).toBe(200)
    const { userSig } = (await response.json()) as { userSig: string }
    const verified = verifyUserSig(userSig, {
      sdkAppID: TEST_APP.SDKAppID,
      secretKey: TEST_APP.secretKey,
      userID,
    })
    expect(verified.ok).toBe(true)
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^app-session=/)
    expect(cookie).toMatch(/HttpOnly/i)

    // The session route signs again for the cookie's user: what autoLogin uses after a reload.
    const session = await fetch(`${example.url}/api/session`, {
      headers: sameOrigin({ cookie: cookie.split(';')[0]! }),
    })
    const resumed = (await session.json()) as { userID: string; userSig: string }
    expect(resumed.userID).toBe(userID)
    expect(
      verifyUserSig(resumed.userSig, {
        sdkAppID: TEST_APP.SDKAppID,
        secretKey: TEST_APP.secretKey,
        userID,
      }).ok,
    ).toBe(true)
  })

  it('answers other web origins, and requests from no page at all, with 403 and a code', async () => {
    const userID = uniqueUserID('alice')
    const refusals = [
      await postUserSig({ userID }, { origin: 'http://evil.example' }),
      await postUserSig({ userID }, { 'sec-fetch-site': 'cross-site' }),
      await postUserSig({ userID }, {}),
      await fetch(`${example.url}/api/session`, { headers: { 'sec-fetch-site': 'same-site' } }),
    ]
    for (const response of refusals) {
      expect(response.status).toBe(403)
      expect(response.headers.get('set-cookie')).toBeNull()
      expect(await response.json()).toMatchObject({ code: ERROR_CODES.INVALID_PARAMETERS })
    }
  })

  it('refuses a page of another site that rebinds its name to this server (Host not the app’s)', async () => {
    // What a browser sends once evil.example resolves to this server: its own name as Host,
    // a matching Origin, and "same-origin". `fetch` cannot send another Host: plain HTTP.
    const { port } = new URL(example.url)
    const host = `evil.example:${port}`
    const answer = await new Promise<{ status: number; cookie: unknown; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(`${example.url}/api/usersig`, {
          method: 'POST',
          headers: {
            host,
            origin: `http://${host}`,
            'sec-fetch-site': 'same-origin',
            'content-type': 'application/json',
          },
        })
        req.on('error', reject)
        req.on('response', (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            body += chunk
          })
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie'], body }),
          )
        })
        req.end(JSON.stringify({ userID: uniqueUserID('alice') }))
      },
    )
    expect(answer.status).toBe(403)
    expect(answer.cookie).toBeUndefined()
    expect(JSON.parse(answer.body)).toMatchObject({ code: ERROR_CODES.INVALID_PARAMETERS })
    expect(answer.body).not.toContain('userSig')
  })

  it('never signs for the admin identifier', async () => {
    const response = await postUserSig({ userID: TEST_APP.admin }, sameOrigin())
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
    const body = (await response.json()) as { code: number; userSig?: string }
    expect(body.code).toBe(ERROR_CODES.INVALID_PARAMETERS)
    expect(body.userSig).toBeUndefined()
  })

  it('refuses bad input with a 4xx and a code: a bad UserID, a body that is not JSON', async () => {
    const badUserID = await postUserSig({ userID: 'no spaces allowed' }, sameOrigin())
    expect(badUserID.status).toBe(400)
    expect(await badUserID.json()).toMatchObject({ code: ERROR_CODES.USER_ID_INVALID })

    const notJson = await fetch(`${example.url}/api/usersig`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...sameOrigin() },
      body: 'alice',
    })
    expect(notJson.status).toBe(415)
    expect(await notJson.json()).toMatchObject({ code: ERROR_CODES.INVALID_PARAMETERS })

    const brokenJson = await fetch(`${example.url}/api/usersig`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sameOrigin() },
      body: '{"userID":',
    })
    expect(brokenJson.status).toBe(400)
    expect(await brokenJson.json()).toMatchObject({ code: ERROR_CODES.INVALID_JSON })
  })

  it('a forged or missing session cookie resumes nobody', async () => {
    for (const cookie of ['app-session=alice.9999999999.AAAA', '']) {
      const response = await fetch(`${example.url}/api/session`, {
        headers: sameOrigin({ cookie }),
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ userID: null })
    }
  })

  it('the secret key never reaches the browser: not in the page, not in any file under .next/static', async () => {
    const html = await (await fetch(example.url)).text()
    expect(html).toContain('Chatgate on Next.js')
    expect(html).not.toContain(TEST_APP.secretKey)
    expect(html).not.toContain(TEST_APP.sessionSecret)

    const dir = `${NEXT_APP_DIR}.next/static`
    const files = await readdir(dir, { recursive: true, withFileTypes: true })
    const texts = await Promise.all(
      files.filter((f) => f.isFile()).map((f) => readFile(`${f.parentPath}/${f.name}`, 'utf8')),
    )
    expect(texts.length).toBeGreaterThan(1)
    for (const text of texts) {
      expect(text).not.toContain(TEST_APP.secretKey)
      // The signer's code stays on the server too: it is the only module that builds this.
      expect(text).not.toContain('TLS.sig')
    }
  })
})
