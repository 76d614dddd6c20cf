import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createAdminClient } from '../src/index.js'
import { ADMIN, APP_ID, cleanup, loginClient, SECRET, startTestServer } from './helpers.js'

afterEach(cleanup)

describe('createAdminClient', () => {
  it('kicks a user and reports the online status with a sig it signs itself (rule 13)', async () => {
    const server = await startTestServer()
    const admin = createAdminClient({
      url: server.url,
      sdkAppID: APP_ID,
      identifier: ADMIN,
      secretKey: SECRET,
    })
    const { client } = await loginClient(server, 'alice', 'android')
    const online = await admin.queryOnlineStatus(['alice', 'bob'])
    expect(online.ActionStatus).toBe('OK')
    expect(online.QueryResult.map((r) => [r.To_Account, r.Status])).toEqual([
      ['alice', 'Online'],
      ['bob', 'Offline'],
    ])
    expect(online.QueryResult[0]?.Detail).toEqual([{ Platform: 'Android', Status: 'Online' }])

    expect(await admin.kick('alice')).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' })
    expect(await client.message('kicked')).toEqual({ op: 'kicked', type: 'REST_API_Kick' })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    expect((await admin.queryOnlineStatus(['alice'])).QueryResult[0]?.Status).toBe('Offline')
  })

  it('a client holding the wrong key or identifier gets FAIL with the code (rule 19)', async () => {
    const server = await startTestServer()
    const options = { url: server.url, sdkAppID: APP_ID, identifier: ADMIN, secretKey: SECRET }
    const wrongKey = createAdminClient({ ...options, secretKey: 'another-secret-key-0123' })
    expect(await wrongKey.kick('alice')).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70003 })
    const notAdmin = createAdminClient({ ...options, identifier: 'mallory' })
    expect(await notAdmin.kick('alice')).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 90007 })
  })
})
