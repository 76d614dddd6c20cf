import {
  DEFAULT_MAX_INSTANCES,
  isLoginPolicy,
  isPlatform,
  isValidUserID,
  LOGIN_POLICIES,
  type LoginPolicy,
  maxInstancesLimit,
  PLATFORMS,
  type Platform,
} from '@chatgate/protocol'
import type { AppLoginSettings } from './policy/types.js'

/** One app as written in the config file. */
export interface AppConfigInput {
  SDKAppID: number
  secretKey: string
  /** The UserID whose UserSig authenticates admin REST calls. @default 'administrator' */
  admin?: string
  login?: {
    /** @default 'mobile-or-desktop+web' */
    policy?: LoginPolicy
    /** Instances per user per platform: web 1–10, others 1–3. @default 1 each */
    maxInstances?: Partial<Record<Platform, number>>
  }
  /** How long a dropped session keeps its slot and can be resumed. @default 60 */
  sessionGraceSeconds?: number
}

export type RegistryConfigInput =
  | {
      kind: 'memory'
      /** How long a kicked session's tombstone is kept. @default 86400 */
      tombstoneSeconds?: number
    }
  | {
      kind: 'redis'
      /** e.g. `redis://127.0.0.1:6379/0` */
      url: string
      /** This node's id, unique in the cluster. @default a random id */
      nodeId?: string
      /** Prefix of every Redis key. @default 'chatgate:' */
      keyPrefix?: string
      /** @default 86400 */
      tombstoneSeconds?: number
      /**
       * TTL of this node's heartbeat in Redis (refreshed every third of it): the sessions
       * of a node that dies are released within about 4/3 of this. @default 10
       */
      nodeTtlSeconds?: number
    }

/** The config file's shape (JSON). */
export interface ServerConfigInput {
  /** @default '127.0.0.1' */
  host?: string
  /** 0 picks a free port. @default 8080 */
  port?: number
  apps: AppConfigInput[]
  /** @default { kind: 'memory' } */
  registry?: RegistryConfigInput
  dev?: {
    /** Serves `POST /dev/usersig`. Development only. @default false */
    usersigEndpoint?: boolean
  }
}

export interface AppConfig {
  SDKAppID: number
  secretKey: string
  admin: string
  login: AppLoginSettings
  sessionGraceSeconds: number
}

export type RegistryConfig =
  | { kind: 'memory'; tombstoneSeconds: number }
  | {
      kind: 'redis'
      url: string
      nodeId?: string
      keyPrefix?: string
      tombstoneSeconds: number
      nodeTtlSeconds?: number
    }

/** The config after validation, with every default filled in. */
export interface ServerConfig {
  host: string
  port: number
  apps: AppConfig[]
  registry: RegistryConfig
  dev: { usersigEndpoint: boolean }
}

/** An invalid config; `field` is the path of the offending field, e.g. `apps[0].secretKey`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid config: ${field} ${problem}`)
  }
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 8080
export const DEFAULT_POLICY: LoginPolicy = 'mobile-or-desktop+web'
export const DEFAULT_SESSION_GRACE_SECONDS = 60
export const DEFAULT_TOMBSTONE_SECONDS = 86_400
/** A secret key shorter than this is refused: it would make every UserSig guessable. */
export const MIN_SECRET_KEY_LENGTH = 8

type Fields = Record<string, unknown>

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function objectAt(value: unknown, field: string, allowed: readonly string[]): Fields {
  if (!isObject(value)) throw new ConfigError(field || 'config', 'must be an object.')
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(field ? `${field}.${key}` : key, 'is not a known setting.')
    }
  }
  return value
}

function integerAt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, `must be an integer from ${min} to ${max}.`)
  }
  return value
}

function nonEmptyStringAt(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(field, 'must be a non-empty string.')
  }
  return value
}

function parseMaxInstances(value: unknown, field: string): Record<Platform, number> {
  const result = Object.fromEntries(PLATFORMS.map((p) => [p, DEFAULT_MAX_INSTANCES])) as Record<
    Platform,
    number
  >
  if (value === undefined) return result
  const fields = objectAt(value, field, PLATFORMS)
  for (const [platform, limit] of Object.entries(fields)) {
    if (!isPlatform(platform)) continue
    result[platform] = integerAt(limit, `${field}.${platform}`, 1, maxInstancesLimit(platform))
  }
  return result
}

function parseSecretKey(value: unknown, field: string): string {
  const key = nonEmptyStringAt(value, field)
  if (key.length < MIN_SECRET_KEY_LENGTH || key.length > 256 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigError(
      field,
      `must be ${MIN_SECRET_KEY_LENGTH}–256 printable ASCII characters without spaces.`,
    )
  }
  return key
}

function parseApp(value: unknown, field: string): AppConfig {
  const app = objectAt(value, field, [
    'SDKAppID',
    'secretKey',
    'admin',
    'login',
    'sessionGraceSeconds',
  ])
  const login = objectAt(app.login ?? {}, `${field}.login`, ['policy', 'maxInstances'])
  const policy = login.policy ?? DEFAULT_POLICY
  if (!isLoginPolicy(policy)) {
    throw new ConfigError(`${field}.login.policy`, `must be one of ${LOGIN_POLICIES.join(', ')}.`)
  }
  const admin = app.admin ?? 'administrator'
  if (!isValidUserID(admin)) {
    throw new ConfigError(`${field}.admin`, 'must be a UserID (1–32 of A-Z a-z 0-9 _ -).')
  }
  return {
    SDKAppID: integerAt(app.SDKAppID, `${field}.SDKAppID`, 1, Number.MAX_SAFE_INTEGER),
    secretKey: parseSecretKey(app.secretKey, `${field}.secretKey`),
    admin,
    login: {
      policy,
      maxInstances: parseMaxInstances(login.maxInstances, `${field}.login.maxInstances`),
    },
    sessionGraceSeconds:
      app.sessionGraceSeconds === undefined
        ? DEFAULT_SESSION_GRACE_SECONDS
        : integerAt(app.sessionGraceSeconds, `${field}.sessionGraceSeconds`, 0, 86_400),
  }
}

function parseRegistry(value: unknown): RegistryConfig {
  if (value === undefined) return { kind: 'memory', tombstoneSeconds: DEFAULT_TOMBSTONE_SECONDS }
  if (!isObject(value)) throw new ConfigError('registry', 'must be an object.')
  const tombstone = (fields: Fields) =>
    fields.tombstoneSeconds === undefined
      ? DEFAULT_TOMBSTONE_SECONDS
      : integerAt(fields.tombstoneSeconds, 'registry.tombstoneSeconds', 1, 30 * 86_400)
  switch (value.kind) {
    case 'memory': {
      const fields = objectAt(value, 'registry', ['kind', 'tombstoneSeconds'])
      return { kind: 'memory', tombstoneSeconds: tombstone(fields) }
    }
    case 'redis': {
      const fields = objectAt(value, 'registry', [
        'kind',
        'url',
        'nodeId',
        'keyPrefix',
        'tombstoneSeconds',
        'nodeTtlSeconds',
      ])
      const url = nonEmptyStringAt(fields.url, 'registry.url')
      if (!/^rediss?:\/\//.test(url)) {
        throw new ConfigError('registry.url', 'must start with redis:// or rediss://.')
      }
      const result: RegistryConfig = { kind: 'redis', url, tombstoneSeconds: tombstone(fields) }
      if (fields.nodeId !== undefined)
        result.nodeId = nonEmptyStringAt(fields.nodeId, 'registry.nodeId')
      if (fields.keyPrefix !== undefined) {
        result.keyPrefix = nonEmptyStringAt(fields.keyPrefix, 'registry.keyPrefix')
      }
      if (fields.nodeTtlSeconds !== undefined) {
        result.nodeTtlSeconds = integerAt(fields.nodeTtlSeconds, 'registry.nodeTtlSeconds', 1, 300)
      }
      return result
    }
    default:
      throw new ConfigError('registry.kind', "must be 'memory' or 'redis'.")
  }
}

/**
 * Validates a config (the parsed JSON of a config file) and fills in defaults.
 * Throws `ConfigError` naming the first invalid field. Parsing a parsed config again
 * returns an equal config.
 */
export function parseConfig(input: unknown): ServerConfig {
  const root = objectAt(input, '', ['host', 'port', 'apps', 'registry', 'dev'])
  const host = root.host === undefined ? DEFAULT_HOST : nonEmptyStringAt(root.host, 'host')
  const port = root.port === undefined ? DEFAULT_PORT : integerAt(root.port, 'port', 0, 65_535)
  if (!Array.isArray(root.apps) || root.apps.length === 0) {
    throw new ConfigError('apps', 'must be a non-empty array.')
  }
  const apps = root.apps.map((app, i) => parseApp(app, `apps[${i}]`))
  apps.forEach((app, i) => {
    if (apps.findIndex((a) => a.SDKAppID === app.SDKAppID) !== i) {
      throw new ConfigError(`apps[${i}].SDKAppID`, `repeats ${app.SDKAppID}.`)
    }
  })
  const dev = objectAt(root.dev ?? {}, 'dev', ['usersigEndpoint'])
  if (dev.usersigEndpoint !== undefined && typeof dev.usersigEndpoint !== 'boolean') {
    throw new ConfigError('dev.usersigEndpoint', 'must be true or false.')
  }
  return {
    host,
    port,
    apps,
    registry: parseRegistry(root.registry),
    dev: { usersigEndpoint: dev.usersigEndpoint === true },
  }
}
