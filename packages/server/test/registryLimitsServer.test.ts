import { CLOSE_CODES, ERROR_CODES, KICK_TYPES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import {
  cleanup,
  kickUser,
  loginClient,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

/** Sends one login and returns its refusal: the `error` and the close that follows. */
async function refusal(url: string, userID: string, userSig: string) {
  const client = await TestClient.connect(url)
  const seq = client.sendLogin({ userID, userSig })
  const error = await client.message('error', seq)
  const closed = await client.closeEvent()
  return { code: error.code, closeCode: closed.code }
}

describe('per-user limits of the login server', () => {
  it('successful logins of one user past loginsPerUserPerMinute get 90013 and close 1013 (come back later) (rule 22)', async () => {
    const server = await startTestServer(serverConfig({ limits: { loginsPerUserPerMinute: 2 } }))
    await loginClient(server, 'sam')
    await loginClient(server, 'sam')
    expect(await refusal(server.wsUrl, 'sam', sign('sam'))).toEqual({
      code: ERROR_CODES.TOO_MANY_LOGINS,
      closeCode: CLOSE_CODES.TRY_AGAIN_LATER,
    })
    // Another user is not affected.
    await loginClient(server, 'tess')
  })

  it('after a REST kick the user’s older UserSigs, and one signed in the kick’s second, are refused with 90014; one signed later logs in (rule 26)', async () => {
    let clock = Date.now()
    const server = await startTestServer(serverConfig(), { now: () => clock })
    const second = () => Math.floor(clock / 1000)
    const before = sign('rita', { now: second() - 30 })
    const { client } = await loginClient(server, 'rita', 'web', { userSig: before })
    expect((await kickUser(server, 'rita')).ActionStatus).toBe('OK')
    expect(await client.message('kicked')).toMatchObject({ type: KICK_TYPES.KICKED_OUT_REST_API })

    const revoked = { code: ERROR_CODES.USER_SIG_REVOKED, closeCode: CLOSE_CODES.LOGIN_REFUSED }
    expect(await refusal(server.wsUrl, 'rita', before)).toEqual(revoked)
    // TLS.time has whole seconds: a sig signed in the kick's second is "at" the kick.
    expect(await refusal(server.wsUrl, 'rita', sign('rita', { now: second() }))).toEqual(revoked)

    clock += 1_000
    const after = await loginClient(server, 'rita', 'web', {
      userSig: sign('rita', { now: second() }),
    })
    expect(after.ready.op).toBe('ready')
    // Other users keep their sigs.
    await loginClient(server, 'uma', 'web', { userSig: sign('uma', { now: second() - 30 }) })
  })
})
