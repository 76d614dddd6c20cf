import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.js'
import { startServer } from '../src/startServer.js'

const app = { SDKAppID: 1400000001, secretKey: 'a-secret-key-123' }

function catchConfigError(input: unknown): ConfigError {
  try {
    parseConfig(input)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

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
      limits: {
        maxConnections: 20000,
        maxConnectionsPerAddress: 200,
        sendBufferBytes: 262144,
        requestsPerSecond: 20,
        requestBurst: 40,
        maxFragments: 16,
        closeTimeoutMs: 2000,
        loginsPerUserPerMinute: 60,
        tombstonesPerUser: 16,
        maxUserSigSeconds: 31536000,
        maxFailuresPerAddress: 20,
        maxFailuresPerUser: 10,
      },
      shutdown: { drainSeconds: 5, closeSpreadMs: 2000 },
      trustProxy: [],
      dev: { usersigEndpoint: false, allowOrigins: [], allowNonLoopback: false },
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
    ['a limit of 0', { apps: [app], limits: { maxConnections: 0 } }, 'limits.maxConnections'],
    ['an unknown limit', { apps: [app], limits: { maxSockets: 1 } }, 'limits.maxSockets'],
    [
      'more fragments than a 16 KiB message has bytes',
      { apps: [app], limits: { maxFragments: 16_385 } },
      'limits.maxFragments',
    ],
    ['a proxy that is no address', { apps: [app], trustProxy: ['proxy'] }, 'trustProxy[0]'],
    ['a CIDR past 32 bits', { apps: [app], trustProxy: ['10.0.0.0/33'] }, 'trustProxy[0]'],
    [
      'an origin with a path',
      { apps: [app], dev: { allowOrigins: ['http://localhost:5173/app'] } },
      'dev.allowOrigins[0]',
    ],
    [
      'a non-boolean loopback flag',
      { apps: [app], dev: { allowNonLoopback: 1 } },
      'dev.allowNonLoopback',
    ],
    [
      'a key source that is neither env nor file',
      { apps: [{ SDKAppID: 1, secretKey: { vault: 'x' } }] },
      'apps[0].secretKey',
    ],
  ])('%s is refused, naming the field (rule 10)', (_label, input, field) => {
    expect(fieldOf(input)).toBe(field)
  })

  it('says what the field must be', () => {
    expect(() => parseConfig({ apps: [{ ...app, login: { maxInstances: { web: 11 } } }] })).toThrow(
      'Invalid config: apps[0].login.maxInstances.web must be an integer from 1 to 10.',
    )
  })

  it('reads a secret key from an environment variable or a file, never printing it', () => {
    const variable = `CHATGATE_TEST_KEY_${process.pid}`
    const dir = mkdtempSync(join(tmpdir(), 'chatgate-config-'))
    const file = join(dir, 'key')
    writeFileSync(file, 'key-from-a-file\n')
    process.env[variable] = 'key-from-the-env'
    try {
      const config = parseConfig({
        apps: [
          { SDKAppID: 1, secretKey: { env: variable } },
          { SDKAppID: 2, secretKey: { file } },
        ],
      })
      expect(config.apps.map((a) => a.secretKey)).toEqual(['key-from-the-env', 'key-from-a-file'])
      expect(parseConfig(config)).toEqual(config)

      process.env[variable] = 'short'
      expect(() => parseConfig({ apps: [{ SDKAppID: 1, secretKey: { env: variable } }] })).toThrow(
        /^Invalid config: apps\[0\]\.secretKey must be 8–256 printable/,
      )
      delete process.env[variable]
      const missingEnv = catchConfigError({ apps: [{ SDKAppID: 1, secretKey: { env: variable } }] })
      expect(missingEnv.field).toBe('apps[0].secretKey')
      expect(missingEnv.message).toContain(variable)
      const missingFile = catchConfigError({
        apps: [{ SDKAppID: 1, secretKey: { file: join(dir, 'absent') } }],
      })
      expect(missingFile.field).toBe('apps[0].secretKey')
      expect(missingFile.message).toContain('ENOENT')
    } finally {
      delete process.env[variable]
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('startServer refuses an invalid config before listening (rule 10)', async () => {
    await expect(
      startServer(
        { apps: [{ ...app, login: { maxInstances: { web: 11 } } }] },
        { logLevel: 'silent' },
      ),
    ).rejects.toMatchObject({ name: 'ConfigError', field: 'apps[0].login.maxInstances.web' })
  })
})
