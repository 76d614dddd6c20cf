import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ADMIN,
  adminCall,
  cleanup,
  loginClient,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

const YEAR = 31_536_000

async function refusedLogin(url: string, userSig: string) {
  const client = await TestClient.connect(url)
  const seq = client.sendLogin({ userID: 'alice', userSig })
  const error = await client.message('error', seq)
  const closed = await client.closeEvent()
  return { error, closed }
}

describe('UserSig lifetime cap', () => {
  it('refuses a login whose UserSig lives longer than a year by default, with 90015 (rule 26)', async () => {
    const server = await startTestServer()
    const { error, closed } = await refusedLogin(
      server.wsUrl,
      sign('alice', { expireSeconds: YEAR + 1 }),
    )
    expect(error.code).toBe(ERROR_CODES.USER_SIG_LIFETIME_TOO_LONG)
    expect(closed.code).toBe(CLOSE_CODES.LOGIN_REFUSED)
    await loginClient(server, 'alice', 'web', { userSig: sign('alice', { expireSeconds: YEAR }) })
  })

  it('refuses an expiry past JavaScript safe integers instead of rounding it (rule 26)', async () => {
    const server = await startTestServer()
    const absurd = sign('alice', { expireSeconds: Number.MAX_SAFE_INTEGER - 5 })
    const { error } = await refusedLogin(server.wsUrl, absurd)
    expect(error.code).toBe(ERROR_CODES.USER_SIG_LIFETIME_TOO_LONG)
  })

  it('follows limits.maxUserSigSeconds of the config (rule 26)', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxUserSigSeconds: 600 } }))
    const { error } = await refusedLogin(server.wsUrl, sign('alice', { expireSeconds: 601 }))
    expect(error.code).toBe(ERROR_CODES.USER_SIG_LIFETIME_TOO_LONG)
    await loginClient(server, 'alice', 'web', { userSig: sign('alice', { expireSeconds: 600 }) })
  })

  it('refuses a renewal with an over-long UserSig and keeps the session as it was (rule 26)', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxUserSigSeconds: 600 } }))
    const { client } = await loginClient(server, 'alice', 'web', {
      userSig: sign('alice', { expireSeconds: 300 }),
    })
    const seq = client.nextSeq()
    client.send({ op: 'renew', seq, userSig: sign('alice', { expireSeconds: 3600 }) })
    const error = await client.message('error', seq)
    expect(error.code).toBe(ERROR_CODES.USER_SIG_LIFETIME_TOO_LONG)
    const ping = client.nextSeq()
    client.send({ op: 'ping', seq: ping })
    await client.message('pong', ping)
    expect(client.closed).toBeUndefined()
    expect(client.messages.some((m) => m.op === 'renewed')).toBe(false)
  })

  it('refuses an admin REST call signed with an over-long UserSig (rule 26)', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxUserSigSeconds: 600 } }))
    const answer = await adminCall(
      server,
      '/v4/im_open_login_svc/kick',
      { UserID: 'alice' },
      { usersig: sign(ADMIN, { expireSeconds: 3600 }) },
    )
    expect(answer).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ERROR_CODES.USER_SIG_LIFETIME_TOO_LONG,
    })
  })
})
