import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.js'
import { startServer } from '../src/startServer.js'

const app = { SDKAppID: 1400000001, secretKey: 'a-secret-key-123' }

function fieldOf(input: unknown): string {
  try {
    parseConfig(input)
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(error.message).toContain(error.field)
      return error.field
    }
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('fills in the defaults', () => {
    const config = parseConfig({ apps: [app] })
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 8080,
      apps: [
        {
          SDKAppID: 1400000001,
          secretKey: 'a-secret-key-123',
          admin: 'administrator',
          login: {
            policy: 'mobile-or-desktop+web',
            maxInstances: {
              web: 1,
              android: 1,
              iphone: 1,
              ipad: 1,
              windows: 1,
              macos: 1,
              linux: 1,
            },
          },
          sessionGraceSeconds: 60,
        },
      ],
      registry: { kind: 'memory', tombstoneSeconds: 86400 },
      dev: { usersigEndpoint: false },
    })
    expect(parseConfig(config)).toEqual(config)
  })

  it('reads the documented example', () => {
    const config = parseConfig({
      host: '127.0.0.1',
      port: 8080,
      apps: [
        {
          ...app,
          admin: 'administrator',
          login: { policy: 'all', maxInstances: { web: 2 } },
          sessionGraceSeconds: 60,
        },
        { SDKAppID: 1400000002, secretKey: 'another-secret', login: { policy: 'single' } },
      ],
      registry: { kind: 'redis', url: 'redis://127.0.0.1:6379', nodeId: 'node-1' },
      dev: { usersigEndpoint: true },
    })
    expect(config.apps[0]!.login.maxInstances.web).toBe(2)
    expect(config.apps[1]!.login.policy).toBe('single')
    expect(config.registry).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      nodeId: 'node-1',
      tombstoneSeconds: 86400,
    })
    expect(config.dev.usersigEndpoint).toBe(true)
  })

  it.each([
    ['not an object', 'nope', 'config'],
    ['no apps', {}, 'apps'],
    ['empty apps', { apps: [] }, 'apps'],
    ['an unknown top-level field', { apps: [app], prot: 1 }, 'prot'],
    ['a bad port', { apps: [app], port: 70000 }, 'port'],
    ['a bad host', { apps: [app], host: '' }, 'host'],
    ['a missing SDKAppID', { apps: [{ secretKey: 'a-secret-key-123' }] }, 'apps[0].SDKAppID'],
    ['a repeated SDKAppID', { apps: [app, app] }, 'apps[1].SDKAppID'],
    ['a missing key', { apps: [{ SDKAppID: 1 }] }, 'apps[0].secretKey'],
    ['a short key', { apps: [{ SDKAppID: 1, secretKey: 'short' }] }, 'apps[0].secretKey'],
    [
      'a key with spaces',
      { apps: [{ SDKAppID: 1, secretKey: 'has spaces in it' }] },
      'apps[0].secretKey',
    ],
    [
      'a key that is not a string',
      { apps: [{ SDKAppID: 1, secretKey: 12345678 }] },
      'apps[0].secretKey',
    ],
    [
      'an unknown policy',
      { apps: [{ ...app, login: { policy: 'some' } }] },
      'apps[0].login.policy',
    ],
    [
      'a web limit over 10',
      { apps: [{ ...app, login: { maxInstances: { web: 11 } } }] },
      'apps[0].login.maxInstances.web',
    ],
    [
      'a web limit of 0',
      { apps: [{ ...app, login: { maxInstances: { web: 0 } } }] },
      'apps[0].login.maxInstances.web',
    ],
    [
      'an android limit over 3',
      { apps: [{ ...app, login: { maxInstances: { android: 4 } } }] },
      'apps[0].login.maxInstances.android',
    ],
    [
      'a linux limit over 3',
      { apps: [{ ...app, login: { maxInstances: { linux: 4 } } }] },
      'apps[0].login.maxInstances.linux',
    ],
    [
      'an unknown platform',
      { apps: [{ ...app, login: { maxInstances: { toaster: 1 } } }] },
      'apps[0].login.maxInstances.toaster',
    ],
    [
      'a fractional limit',
      { apps: [{ ...app, login: { maxInstances: { web: 1.5 } } }] },
      'apps[0].login.maxInstances.web',
    ],
    ['a bad admin', { apps: [{ ...app, admin: 'not valid!' }] }, 'apps[0].admin'],
    [
      'a negative grace',
      { apps: [{ ...app, sessionGraceSeconds: -1 }] },
      'apps[0].sessionGraceSeconds',
    ],
    ['an unknown registry', { apps: [app], registry: { kind: 'etcd' } }, 'registry.kind'],
    ['a redis registry without url', { apps: [app], registry: { kind: 'redis' } }, 'registry.url'],
    [
      'a redis url of another scheme',
      { apps: [app], registry: { kind: 'redis', url: 'http://x' } },
      'registry.url',
    ],
    [
      'a non-boolean dev flag',
      { apps: [app], dev: { usersigEndpoint: 'yes' } },
      'dev.usersigEndpoint',
    ],
  ])('rule 10: %s is refused, naming the field', (_label, input, field) => {
    expect(fieldOf(input)).toBe(field)
  })

  it('rule 10: startServer refuses an invalid config before listening', async () => {
    await expect(
      startServer(
        { apps: [{ ...app, login: { maxInstances: { web: 11 } } }] },
        { logLevel: 'silent' },
      ),
    ).rejects.toMatchObject({ name: 'ConfigError', field: 'apps[0].login.maxInstances.web' })
  })
})
