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

/**
 * A user kicked by the admin, whose pre-kick UserSig (valid for a year) is still at hand,
 * and a session logged in after the kick with a fresh, short-lived sig: the clock moved a
 * second past the kick so that sig is not revoked.
 */
async function kickedUserWithFreshSession() {
  let clock = Date.now()
  const server = await startTestServer(serverConfig(), { now: () => clock })
  const second = () => Math.floor(clock / 1000)
  const revoked = sign('rhea', { now: second() - 30, expireSeconds: 31_536_000 })
  const before = await loginClient(server, 'rhea', 'web', { userSig: revoked })
  expect((await kickUser(server, 'rhea')).ActionStatus).toBe('OK')
  expect(await before.client.message('kicked')).toMatchObject({
    type: KICK_TYPES.KICKED_OUT_REST_API,
  })
  clock += 1_000
  const fresh = sign('rhea', { now: second(), expireSeconds: 600 })
  const { client, ready } = await loginClient(server, 'rhea', 'web', { userSig: fresh })
  return { server, revoked, fresh, client, ready }
}

describe('a UserSig revoked by a REST kick', () => {
  it('cannot renew a session logged in after the kick: 90014, and the expiry stays (rule 26)', async () => {
    const { revoked, fresh, client, ready } = await kickedUserWithFreshSession()
    const seq = client.nextSeq()
    client.send({ op: 'renew', seq, userSig: revoked })
    expect(await client.message('error', seq)).toMatchObject({
      code: ERROR_CODES.USER_SIG_REVOKED,
    })
    // The session goes on with the sig it had; a valid renewal still works.
    const again = client.nextSeq()
    client.send({ op: 'renew', seq: again, userSig: fresh })
    expect(await client.message('renewed', again)).toMatchObject({ expiresAt: ready.expiresAt })
  })

  it('cannot resume a session logged in after the kick: 90014 and close 4003 (rule 26)', async () => {
    const { server, revoked, fresh, client, ready } = await kickedUserWithFreshSession()
    client.ws.terminate()
    await client.closeEvent()

    const thief = await TestClient.connect(server.wsUrl)
    const seq = thief.sendLogin({ userID: 'rhea', userSig: revoked, resume: ready.sessionId })
    expect(await thief.message('error', seq)).toMatchObject({
      code: ERROR_CODES.USER_SIG_REVOKED,
    })
    expect((await thief.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)

    // The session is untouched: its own client resumes it with a valid sig.
    const owner = await TestClient.connect(server.wsUrl)
    const again = owner.sendLogin({ userID: 'rhea', userSig: fresh, resume: ready.sessionId })
    expect(await owner.message('ready', again)).toMatchObject({
      sessionId: ready.sessionId,
      resumed: true,
    })
  })
})
