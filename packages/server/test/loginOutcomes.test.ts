import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import { loggedServer } from './helpers/loggedServer.js'
import { scrapeMetrics } from './helpers/scrapeMetrics.js'
import {
  APP_ID,
  cleanup,
  loginClient,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

/** A server whose log lines, down to debug, are kept parsed. */
const debugLoggedServer = (
  overrides: Parameters<typeof loggedServer>[0] = {},
  options: Parameters<typeof loggedServer>[1] = {},
) => loggedServer(overrides, options, 'debug')

/** A login on a new socket; resolves the error it was refused with and the close. */
async function refusedLogin(wsUrl: string, userID: string, userSig = sign(userID)) {
  const client = await TestClient.connect(wsUrl)
  const seq = client.sendLogin({ userID, userSig })
  const error = await client.message('error', seq)
  return { error, closed: await client.closeEvent() }
}

describe('what a login leaves behind: log lines, metrics, limits (rules 19, 22, 36)', () => {
  it('a login is logged with the user, platform, address and how many it evicted', async () => {
    const { server, lines } = await debugLoggedServer()
    await loginClient(server, 'alice', 'web')
    await loginClient(server, 'alice', 'web')
    await loginClient(server, 'alice', 'web')
    const logins = lines.filter((line) => line.event === 'login')
    expect(logins).toEqual([
      expect.objectContaining({ level: 'info', sdkAppID: APP_ID, userID: 'alice', evicted: 0 }),
      expect.objectContaining({ platform: 'web', address: '127.0.0.1', evicted: 0 }),
      // Two web sessions at most: the third login evicts the first.
      expect.objectContaining({ userID: 'alice', evicted: 1 }),
    ])
  })

  it('a resume is logged and counted as resumed', async () => {
    const { server, lines } = await debugLoggedServer()
    const first = await loginClient(server, 'bob')
    first.client.ws.terminate()
    const client = await TestClient.connect(server.wsUrl)
    const seq = client.sendLogin({ userID: 'bob', resume: first.ready.sessionId })
    expect(await client.message('ready', seq)).toMatchObject({ resumed: true })
    expect(lines.filter((line) => line.event === 'resume')).toEqual([
      expect.objectContaining({
        level: 'info',
        sdkAppID: APP_ID,
        userID: 'bob',
        address: '127.0.0.1',
      }),
    ])
    const metrics = await scrapeMetrics(server)
    expect(metrics.get('chatgate_logins_total{resumed="true"}')).toBe(1)
    expect(metrics.get('chatgate_logins_total{resumed="false"}')).toBe(1)
  })

  it('a login over the per-user rate (90013) is logged with the user, and is not a failed login of its address', async () => {
    const { server, lines } = await debugLoggedServer({
      limits: { loginsPerUserPerMinute: 1, maxFailuresPerAddress: 2 },
    })
    await loginClient(server, 'carol')
    for (let i = 0; i < 2; i++) {
      const { error, closed } = await refusedLogin(server.wsUrl, 'carol')
      expect(error.code).toBe(ERROR_CODES.TOO_MANY_LOGINS)
      expect(closed.code).toBe(CLOSE_CODES.TRY_AGAIN_LATER)
    }
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'login_refused',
        level: 'debug',
        sdkAppID: APP_ID,
        userID: 'carol',
        code: ERROR_CODES.TOO_MANY_LOGINS,
      }),
    )
    // Two refusals for the rate, and the address is still under its limit of two failures.
    await loginClient(server, 'dave')
  })

  it('a registry that cannot answer refuses the login, try again later, and logs why', async () => {
    const registry = createMemoryRegistry()
    await registry.close()
    const { server, lines } = await debugLoggedServer({}, { registry })
    const { error, closed } = await refusedLogin(server.wsUrl, 'erin')
    expect(error.code).toBe(ERROR_CODES.REGISTRY_UNAVAILABLE)
    expect(closed.code).toBe(CLOSE_CODES.TRY_AGAIN_LATER)
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'registry_unavailable',
        level: 'warn',
        userID: 'erin',
        error: 'The session registry is closed.',
      }),
    )
  })

  it("a UserSig's own refusal text reaches the client (its lifetime and the longest accepted)", async () => {
    const server = await startTestServer(serverConfig({ limits: { maxUserSigSeconds: 600 } }))
    const userSig = sign('frank', { expireSeconds: 601 })
    const { error } = await refusedLogin(server.wsUrl, 'frank', userSig)
    expect(error.code).toBe(ERROR_CODES.USER_SIG_LIFETIME_TOO_LONG)
    expect(error.message).toMatch(/The longest accepted is 600 seconds\.$/)
  })
})
