import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { signUserSig } from '@chatgate/usersig'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { type DevServer, startDevServer } from '../src/testing/index.js'
import { TestClient } from './helpers.js'

// `@chatgate/server/testing`: the one server that core, react, Storybook and the demo test on.
let dev: DevServer | undefined
afterEach(async () => {
  await dev?.close()
  dev = undefined
})

async function login(server: DevServer, userID: string, userSig = server.sign(userID)) {
  const client = await TestClient.connect(server.wsUrl)
  client.send({ op: 'login', seq: 1, sdkAppID: server.SDKAppID, platform: 'web', userID, userSig })
  return client
}

describe('startDevServer', () => {
  it('runs the real server on a free loopback port; its sigs log in, kick and query go through admin REST', async () => {
    dev = await startDevServer()
    expect(dev.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(dev.wsUrl).toBe(`ws://127.0.0.1:${dev.port}/ws`)
    expect(dev.config.registry.kind).toBe('memory')
    const alice = await login(dev, 'alice')
    await alice.message('ready', 1)
    expect(await dev.onlineStatus(['alice'])).toMatchObject([
      { To_Account: 'alice', Status: 'Online' },
    ])
    expect(await dev.metric('chatgate_logins_total')).toBe(1)
    await expect(dev.kick('alice')).resolves.toMatchObject({ ActionStatus: 'OK' })
    expect(await alice.message('kicked')).toEqual({ op: 'kicked', type: 'REST_API_Kick' })
    expect((await alice.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    expect((await dev.onlineStatus(['alice']))[0]?.Status).toBe('Offline')
  })

  it('serves the dev UserSig endpoint unless the config turns it off', async () => {
    dev = await startDevServer()
    const ask = (server: DevServer) =>
      fetch(`${server.httpUrl}/dev/usersig`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ SDKAppID: server.SDKAppID, userID: 'alice' }),
      })
    expect((await ask(dev)).status).toBe(200)
    const off = await startDevServer({ config: { dev: { usersigEndpoint: false } } })
    try {
      expect((await ask(off)).status).toBe(404)
    } finally {
      await off.close()
    }
  })

  it('applies the app options: a second web login past maxInstances evicts the first', async () => {
    dev = await startDevServer({
      app: { SDKAppID: 1400000099, login: { policy: 'all', maxInstances: { web: 2 } } },
    })
    expect(dev.SDKAppID).toBe(1400000099)
    expect(dev.app.login).toMatchObject({ policy: 'all', maxInstances: { web: 2 } })
    const clients = [await login(dev, 'bob'), await login(dev, 'bob'), await login(dev, 'bob')]
    for (const client of clients) await client.message('ready', 1)
    expect(await clients[0]!.message('kicked')).toMatchObject({
      op: 'kicked',
      type: 'multipleAccount',
    })
    expect(clients[1]!.kicks()).toEqual([])
  })

  it('signs at the server clock, so a server on a test clock admits its sigs', async () => {
    const dayAhead = () => Date.now() + 86_400_000
    dev = await startDevServer({ server: { now: dayAhead } })
    const wallClockSig = signUserSig({
      sdkAppID: dev.SDKAppID,
      secretKey: dev.app.secretKey,
      userID: 'carol',
      expireSeconds: 3600,
    })
    const late = await login(dev, 'carol', wallClockSig)
    expect(await late.message('error', 1)).toMatchObject({ code: ERROR_CODES.USER_SIG_EXPIRED })
    const onTime = await login(dev, 'carol')
    expect(await onTime.message('ready', 1)).toMatchObject({ userID: 'carol' })
  })

  it('a sig from sign() after kick() logs in: it counts as issued after the kick (rule 26)', async () => {
    dev = await startDevServer()
    const before = await login(dev, 'dan')
    await before.message('ready', 1)
    await dev.kick('dan')
    await before.closeEvent()
    const after = await login(dev, 'dan')
    expect(await after.message('ready', 1)).toMatchObject({ userID: 'dan' })
  })

  it('clientOptions point a client at this server; extra options win', async () => {
    dev = await startDevServer()
    expect(dev.clientOptions()).toMatchObject({ SDKAppID: dev.SDKAppID, url: dev.wsUrl })
    expect(dev.clientOptions().WebSocket).toBe(WebSocket)
    expect(dev.clientOptions({ url: 'ws://elsewhere/ws', logLevel: 1 })).toMatchObject({
      url: 'ws://elsewhere/ws',
      logLevel: 1,
    })
  })

  it('kick rejects with the code when admin REST answers FAIL; close is safe twice', async () => {
    dev = await startDevServer()
    await expect(dev.kick('not a user id')).rejects.toThrow(String(ERROR_CODES.USER_ID_INVALID))
    await Promise.all([dev.close(), dev.close()])
  })
})

describe('@chatgate/server/testing stays out of browsers', () => {
  const packages = fileURLToPath(new URL('../../', import.meta.url))
  const browserPackages = ['core', 'react', 'tencent', 'v2tim']

  it('no browser package imports the server or usersig from what it ships', () => {
    const offenders: string[] = []
    let scanned = 0
    for (const name of browserPackages) {
      const files = readdirSync(`${packages}${name}/src`, { recursive: true, encoding: 'utf8' })
      for (const file of files) {
        if (!/\.tsx?$/.test(file) || /\.(test|stories)\.tsx?$/.test(file)) continue
        const text = readFileSync(`${packages}${name}/src/${file}`, 'utf8')
        scanned += 1
        if (/from '@chatgate\/(server|usersig)/.test(text)) offenders.push(`${name}/src/${file}`)
      }
      const manifest = JSON.parse(readFileSync(`${packages}${name}/package.json`, 'utf8'))
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const dependency of Object.keys(manifest[field] ?? {})) {
          if (/^@chatgate\/(server|usersig)$/.test(dependency)) {
            offenders.push(`${name} ${field}`)
          }
        }
      }
    }
    expect(scanned).toBeGreaterThan(20)
    expect(offenders).toEqual([])
  })
})
