import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import {
  appConfig,
  cleanup,
  loginClient,
  onlineStatus,
  serverConfig,
  startTestServer,
} from './helpers.js'

afterEach(cleanup)

describe('admission over the socket', () => {
  it('a web login past the web limit kicks the earliest web instance with multipleAccount (rule 12)', async () => {
    const server = await startTestServer()
    const first = await loginClient(server, 'alice')
    const second = await loginClient(server, 'alice')
    const third = await loginClient(server, 'alice')
    expect(third.ready.resumed).toBe(false)
    // The kick names the login that pushed it out (rule 33); it named no device.
    expect(await first.client.message('kicked')).toEqual({
      op: 'kicked',
      type: 'multipleAccount',
      by: { platform: 'web', device: '' },
    })
    expect((await first.client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    expect(second.client.kicks()).toEqual([])
    const status = await onlineStatus(server, 'alice')
    expect(status.Detail).toHaveLength(2)
  })

  it('a login on another platform under `single` kicks with multipleDevice (rule 12)', async () => {
    const server = await startTestServer(
      serverConfig({ apps: [appConfig({ login: { policy: 'single' } })] }),
    )
    const web = await loginClient(server, 'bob', 'web')
    await loginClient(server, 'bob', 'android')
    expect(await web.client.message('kicked')).toEqual({
      op: 'kicked',
      type: 'multipleDevice',
      by: { platform: 'android', device: '' },
    })
    expect((await web.client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
  })

  it('other users and platforms within their limits are untouched (rule 10)', async () => {
    const server = await startTestServer()
    const alice = await loginClient(server, 'alice', 'web')
    const aliceMac = await loginClient(server, 'alice', 'macos')
    const bob = await loginClient(server, 'bob', 'web')
    await loginClient(server, 'bob', 'web')
    await loginClient(server, 'bob', 'web')
    expect(await bob.client.message('kicked')).toMatchObject({
      op: 'kicked',
      type: 'multipleAccount',
    })
    expect(alice.client.kicks()).toEqual([])
    expect(aliceMac.client.kicks()).toEqual([])
    expect((await onlineStatus(server, 'alice')).Detail).toEqual([
      { Platform: 'Web', Status: 'Online' },
      { Platform: 'Mac', Status: 'Online' },
    ])
  })
})
