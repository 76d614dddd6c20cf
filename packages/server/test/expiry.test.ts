import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { manualTime } from './helpers/manualTime.js'
import {
  cleanup,
  onlineStatus,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

/** A server on a clock the test moves; its sweep runs as the test advances the timers. */
async function serverOnClock() {
  const time = manualTime(1_800_000_000_000)
  const server = await startTestServer(serverConfig(), time.options)
  const nowSeconds = () => Math.floor(time.now() / 1000)
  const login = async (userID: string, expireSeconds: number) => {
    const client = await TestClient.connect(server.wsUrl)
    const seq = client.sendLogin({
      userID,
      userSig: sign(userID, { expireSeconds, now: nowSeconds() }),
    })
    return { client, ready: await client.message('ready', seq) }
  }
  return { server, time, nowSeconds, login }
}

describe('UserSig expiry', () => {
  it('ready carries the UserSig expiry in Unix ms (rule 14)', async () => {
    const { time, login } = await serverOnClock()
    const { ready } = await login('alice', 120)
    expect(ready.expiresAt).toBe(Math.floor(time.now() / 1000) * 1000 + 120_000)
  })

  it('a session whose UserSig runs out unrenewed is kicked with userSigExpired (rule 14)', async () => {
    const { server, time, nowSeconds, login } = await serverOnClock()
    const { client } = await login('bob', 60)
    time.advance(59_000)
    await client.roundTrip()
    expect(client.kicks()).toEqual([])
    time.advance(2_000)
    expect(await client.message('kicked')).toEqual({ op: 'kicked', type: 'userSigExpired' })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    expect(client.kicks()).toHaveLength(1)
    const adminSig = sign('administrator', { now: nowSeconds() })
    expect((await onlineStatus(server, 'bob', adminSig)).Status).toBe('Offline')
  })

  it('renewing in place moves the expiry and keeps the session (rule 14)', async () => {
    const { time, nowSeconds, login } = await serverOnClock()
    const { client, ready } = await login('carol', 60)
    time.advance(50_000)
    const seq = client.nextSeq()
    client.send({
      op: 'renew',
      seq,
      userSig: sign('carol', { expireSeconds: 3600, now: nowSeconds() }),
    })
    const renewed = await client.message('renewed', seq)
    expect(renewed.expiresAt).toBe(nowSeconds() * 1000 + 3_600_000)
    expect(renewed.expiresAt).toBeGreaterThan(ready.expiresAt)
    time.advance(60_000)
    await client.roundTrip()
    expect(client.kicks()).toEqual([])
    expect(client.closed).toBeUndefined()
    time.advance(3_600_000)
    expect(await client.message('kicked')).toEqual({ op: 'kicked', type: 'userSigExpired' })
  })

  it('a bad renewal is refused with its code and the session stays as it was (rule 14)', async () => {
    const { time, nowSeconds, login } = await serverOnClock()
    const { client } = await login('dave', 60)
    const wrongUser = client.nextSeq()
    client.send({ op: 'renew', seq: wrongUser, userSig: sign('eve', { now: nowSeconds() }) })
    expect(await client.message('error', wrongUser)).toMatchObject({ code: 70013 })
    const expired = client.nextSeq()
    client.send({
      op: 'renew',
      seq: expired,
      userSig: sign('dave', { expireSeconds: 1, now: nowSeconds() - 100 }),
    })
    expect(await client.message('error', expired)).toMatchObject({ code: 70001 })
    const empty = client.nextSeq()
    client.send({ op: 'renew', seq: empty, userSig: '' })
    expect(await client.message('error', empty)).toMatchObject({ code: 70002 })
    expect(client.closed).toBeUndefined()
    // The original expiry still applies.
    time.advance(61_000)
    expect(await client.message('kicked')).toEqual({ op: 'kicked', type: 'userSigExpired' })
  })

  it('an expired UserSig cannot log in (70001) (rule 14)', async () => {
    const { server, nowSeconds } = await serverOnClock()
    const client = await TestClient.connect(server.wsUrl)
    const seq = client.sendLogin({
      userID: 'frank',
      userSig: sign('frank', { expireSeconds: 10, now: nowSeconds() - 11 }),
    })
    expect(await client.message('error', seq)).toMatchObject({ code: 70001 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)
  })
})
