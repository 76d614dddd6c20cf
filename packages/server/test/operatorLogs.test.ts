import { ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { loggedServer } from './helpers/loggedServer.js'
import { waitFor } from './helpers/redisRegistryFixtures.js'
import {
  cleanup,
  kickUser,
  loginClient,
  serverConfig,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

describe('what the log tells an operator (design.md rule 36)', () => {
  it('a logout, with the user and the address', async () => {
    const { server, events } = await loggedServer()
    const { client } = await loginClient(server, 'alice')
    const seq = client.nextSeq()
    client.send({ op: 'logout', seq })
    await client.message('loggedOut', seq)
    expect(events('logout')).toEqual([
      expect.objectContaining({ level: 'info', userID: 'alice', address: '127.0.0.1' }),
    ])
  })

  it('a session released when its grace period ends', async () => {
    const { server, events } = await loggedServer({}, { sessionGraceMs: 30 })
    const { client } = await loginClient(server, 'bob')
    client.ws.terminate()
    await waitFor(() => events('grace_release').length === 1, 5_000, 'grace_release')
    expect(events('grace_release')[0]).toMatchObject({ level: 'info', userID: 'bob' })
  })

  it('a REST kick, with the admin who made it, its address, the target and how many sessions it ended', async () => {
    const { server, events } = await loggedServer()
    await loginClient(server, 'carol')
    await kickUser(server, 'carol')
    expect(events('rest_kick')).toEqual([
      expect.objectContaining({
        level: 'info',
        admin: 'administrator',
        address: '127.0.0.1',
        userID: 'carol',
        sessions: 1,
      }),
    ])
  })

  it('a cap being hit, sampled: one line per limit per 10 s, counting the hits since the last', async () => {
    const clock = { ms: Date.now() }
    const { server, events } = await loggedServer(
      { limits: { maxConnectionsPerAddress: 1 } },
      { now: () => clock.ms },
    )
    await TestClient.connect(server.wsUrl)
    const refused = () => expect(TestClient.connect(server.wsUrl)).rejects.toThrow(/429/)
    await refused()
    await refused()
    await refused()
    expect(events('limit_hit')).toEqual([
      expect.objectContaining({ level: 'info', limit: 'max_connections_per_address', hits: 1 }),
    ])
    clock.ms += 10_000
    await refused()
    expect(events('limit_hit')[1]).toMatchObject({ limit: 'max_connections_per_address', hits: 3 })
  })
})

describe('the failed-login limits are settings (limits.maxFailuresPerAddress, maxFailuresPerUser)', () => {
  async function badLogin(wsUrl: string, userID: string): Promise<number | undefined> {
    const client = await TestClient.connect(wsUrl)
    client.sendLogin({ userID, userSig: 'not-a-sig' })
    const error = await client.message('error')
    return error.code
  }

  it('per address', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxFailuresPerAddress: 2 } }))
    expect(await badLogin(server.wsUrl, 'u1')).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    expect(await badLogin(server.wsUrl, 'u2')).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    expect(await badLogin(server.wsUrl, 'u3')).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)
  })

  it('per UserID', async () => {
    const server = await startTestServer(
      serverConfig({ limits: { maxFailuresPerAddress: 100, maxFailuresPerUser: 2 } }),
    )
    expect(await badLogin(server.wsUrl, 'dave')).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    expect(await badLogin(server.wsUrl, 'dave')).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    expect(await badLogin(server.wsUrl, 'dave')).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)
    expect(await badLogin(server.wsUrl, 'erin')).toBe(ERROR_CODES.USER_SIG_MALFORMED)
  })
})
