import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ADMIN,
  APP_ID,
  adminCall,
  cleanup,
  kickUser,
  loginClient,
  onlineStatus,
  SECRET,
  sign,
  startTestServer,
} from './helpers.js'

afterEach(cleanup)

const KICK = '/v4/im_open_login_svc/kick'
const QUERY = '/v4/openim/query_online_status'

describe('admin REST', () => {
  it('kick logs every instance of the user out with REST_API_Kick (rule 13)', async () => {
    const server = await startTestServer()
    const web = await loginClient(server, 'alice', 'web')
    const android = await loginClient(server, 'alice', 'android')
    const bob = await loginClient(server, 'bob', 'web')
    expect(await kickUser(server, 'alice')).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
    })
    for (const { client } of [web, android]) {
      expect(await client.message('kicked')).toEqual({ op: 'kicked', type: 'REST_API_Kick' })
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
      expect(client.kicks()).toHaveLength(1)
    }
    expect(bob.client.kicks()).toEqual([])
    expect((await onlineStatus(server, 'alice')).Status).toBe('Offline')
  })

  it('kicking a user who is not online answers OK (rule 13)', async () => {
    const server = await startTestServer()
    expect((await kickUser(server, 'nobody')).ActionStatus).toBe('OK')
  })

  it('every admitted login is visible to the online-status query, with REST platform names (rule 20)', async () => {
    const server = await startTestServer()
    await loginClient(server, 'carol', 'web')
    await loginClient(server, 'carol', 'iphone')
    await loginClient(server, 'carol', 'windows')
    const answer = await adminCall(server, QUERY, {
      To_Account: ['carol', 'dave', 'bad id!'],
      IsNeedDetail: 1,
    })
    expect(answer).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      QueryResult: [
        {
          To_Account: 'carol',
          Status: 'Online',
          State: 'Online',
          Detail: [
            { Platform: 'Web', Status: 'Online' },
            { Platform: 'iPhone', Status: 'Online' },
            { Platform: 'Windows', Status: 'Online' },
          ],
        },
        { To_Account: 'dave', Status: 'Offline', State: 'Offline', Detail: [] },
      ],
      ErrorList: [{ To_Account: 'bad id!', ErrorCode: 90006 }],
    })
    const brief = await adminCall(server, QUERY, { To_Account: ['carol'] })
    expect(brief.QueryResult).toEqual([{ To_Account: 'carol', Status: 'Online', State: 'Online' }])
  })

  it('IsNeedDetail as the string "1" is honoured and "0" leaves the detail out (rule 27)', async () => {
    const server = await startTestServer()
    await loginClient(server, 'erin', 'android')
    const detailed = await adminCall(server, QUERY, { To_Account: ['erin'], IsNeedDetail: '1' })
    expect(detailed.QueryResult).toEqual([
      {
        To_Account: 'erin',
        Status: 'Online',
        State: 'Online',
        Detail: [{ Platform: 'Android', Status: 'Online' }],
      },
    ])
    const brief = await adminCall(server, QUERY, { To_Account: ['erin'], IsNeedDetail: '0' })
    expect(brief.QueryResult).toEqual([{ To_Account: 'erin', Status: 'Online', State: 'Online' }])
  })

  it('a call whose identifier is not the app admin fails with 90007 (rule 19)', async () => {
    const server = await startTestServer()
    const answer = await adminCall(
      server,
      KICK,
      { UserID: 'alice' },
      { identifier: 'alice', usersig: sign('alice') },
    )
    expect(answer).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 90007 })
  })

  it.each([
    ['a sig of another user', () => sign('alice'), 70013],
    ['a sig signed with another key', () => sign(ADMIN, { secretKey: `${SECRET}x` }), 70003],
    [
      'an expired sig',
      () => sign(ADMIN, { expireSeconds: 1, now: Math.floor(Date.now() / 1000) - 10 }),
      70001,
    ],
    ['a garbage sig', () => 'garbage', 70052],
    ['no sig', () => '', 70002],
  ])('a call with %s fails with its code (rule 19)', async (_label, usersig, code) => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    const answer = await adminCall(server, KICK, { UserID: 'alice' }, { usersig: usersig() })
    expect(answer).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code })
    expect(typeof answer.ErrorInfo).toBe('string')
    expect(answer.ErrorInfo.length).toBeGreaterThan(0)
    await client.roundTrip()
    expect(client.kicks()).toEqual([])
  })

  it('an unknown sdkappid fails with 70020 (rule 19)', async () => {
    const server = await startTestServer()
    expect(await adminCall(server, KICK, { UserID: 'a' }, { sdkappid: APP_ID + 1 })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 70020,
    })
  })

  it('refuses bad bodies with a code', async () => {
    const server = await startTestServer()
    expect(await adminCall(server, KICK, '{not json')).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 6017,
    })
    expect(await adminCall(server, KICK, { UserID: 'bad id!' })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 90006,
    })
    expect(await adminCall(server, KICK, [])).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 90006,
    })
    expect(await adminCall(server, QUERY, { To_Account: 'carol' })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 6017,
    })
    expect(await adminCall(server, QUERY, { To_Account: [] })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 6017,
    })
    const huge = { UserID: 'a', pad: 'x'.repeat(70 * 1024) }
    const tooLarge = await adminCall(server, KICK, huge)
    expect(tooLarge).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 6017 })
    expect(tooLarge.ErrorInfo).toContain('64 KiB')
    // The server still answers afterwards.
    expect((await kickUser(server, 'a')).ActionStatus).toBe('OK')
  })

  it('answers 405 to other methods and 404 to unknown paths', async () => {
    const server = await startTestServer()
    const get = await fetch(`${server.url}${KICK}`)
    expect(get.status).toBe(405)
    expect(await get.json()).toMatchObject({ ActionStatus: 'FAIL' })
    const missing = await fetch(`${server.url}/v4/nothing`, { method: 'POST' })
    expect(missing.status).toBe(404)
  })

  it('GET /healthz answers ok', async () => {
    const server = await startTestServer()
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })
})
