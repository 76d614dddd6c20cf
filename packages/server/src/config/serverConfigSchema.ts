import { isIP } from 'node:net'
import {
  DEFAULT_MAX_INSTANCES,
  isValidUserID,
  LOGIN_POLICIES,
  maxInstancesLimit,
  PLATFORMS,
  type Platform,
} from '@chatgate/protocol'
import * as v from 'valibot'
import { flag, integerIn, listOf, nonEmptyString, section } from './fields.js'
import { secretKeySchema } from './secretKey.js'

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 8080
export const DEFAULT_POLICY = 'mobile-or-desktop+web'
export const DEFAULT_SESSION_GRACE_SECONDS = 60
/** How long a kicked session's tombstone is kept, so a client back late learns its kick. */
export const DEFAULT_TOMBSTONE_SECONDS = 86_400

/** Every limit of `limits`, with its default (design.md rules 21–23, 26). */
export const DEFAULT_LIMITS = {
  /** Open WebSockets on this node; past it the upgrade is refused (503, 90017). */
  maxConnections: 20_000,
  /** Open WebSockets per client address; past it the upgrade is refused (429, 90017). */
  maxConnectionsPerAddress: 200,
  /** Bytes that may wait to be sent to one connection; past it: close 4009. */
  sendBufferBytes: 262_144,
  /** Requests per second per connection (token bucket refill). */
  requestsPerSecond: 20,
  /** Burst of the per-connection request bucket; over it: 90012, persistently: close 4010. */
  requestBurst: 40,
  /** Frames one message may come in; more: close 1008. Each frame takes a request token. */
  maxFragments: 16,
  /** A socket that ignores our close frame is terminated this long after it. */
  closeTimeoutMs: 2_000,
  /** Successful logins per UserID per minute (burst the same); over it: 90013. */
  loginsPerUserPerMinute: 60,
  /** Newest tombstones kept per user. */
  tombstonesPerUser: 16,
  /** Longest UserSig lifetime (TLS.expire) accepted; longer: 90015. Also how long a REST kick's revocation is kept. */
  maxUserSigSeconds: 31_536_000,
  /** Failed logins from one address (an IPv6 client by its /64) per minute; past it: 70050. */
  maxFailuresPerAddress: 20,
  /** Failed logins of one UserID (per app) per minute; past it: 70050. */
  maxFailuresPerUser: 10,
} as const

/**
 * What SIGTERM does (design.md rule 35). The node keeps serving for `drainSeconds` while
 * `/readyz` says `draining`, long enough for a balancer that probes it (or Kubernetes'
 * endpoint removal) to stop sending new clients; then it closes every client with 1001,
 * spread over `closeSpreadMs` so the crowd does not reach the other nodes in one instant.
 * 5 s + 2 s (+ `limits.closeTimeoutMs`) fits inside the 10 s most service managers
 * (Docker, systemd's units below) wait before SIGKILL.
 */
export const DEFAULT_SHUTDOWN = {
  drainSeconds: 5,
  closeSpreadMs: 2_000,
} as const

const maxInstancesSchema = section(
  Object.fromEntries(
    PLATFORMS.map((platform) => [
      platform,
      v.optional(integerIn(1, maxInstancesLimit(platform)), DEFAULT_MAX_INSTANCES),
    ]),
  ),
) as unknown as v.GenericSchema<Partial<Record<Platform, number>>, Record<Platform, number>>

const appSchema = section({
  SDKAppID: integerIn(1, Number.MAX_SAFE_INTEGER),
  secretKey: secretKeySchema,
  /** The UserID whose UserSig authenticates admin REST calls. */
  admin: v.optional(
    v.pipe(
      v.string('must be a UserID (1–32 of A-Z a-z 0-9 _ -).'),
      v.check((id) => isValidUserID(id), 'must be a UserID (1–32 of A-Z a-z 0-9 _ -).'),
    ),
    'administrator',
  ),
  login: v.optional(
    section({
      policy: v.optional(
        v.picklist(LOGIN_POLICIES, `must be one of ${LOGIN_POLICIES.join(', ')}.`),
        DEFAULT_POLICY,
      ),
      /** Instances per user per platform: web 1–10, others 1–3. */
      maxInstances: v.optional(maxInstancesSchema, {}),
    }),
    {},
  ),
  /** How long a dropped session keeps its slot and can be resumed. */
  sessionGraceSeconds: v.optional(integerIn(0, 86_400), DEFAULT_SESSION_GRACE_SECONDS),
})

const tombstoneSeconds = v.optional(integerIn(1, 30 * 86_400), DEFAULT_TOMBSTONE_SECONDS)

const DATABASE_MESSAGE = 'must name the database by its number, as in redis://host:6379/0.'

/** `redis://host:port`, `redis://host:port/` or `redis://host:port/N`; anything else after the host is refused. */
function namesDatabaseByNumber(url: string): boolean {
  try {
    return /^(\/\d{0,5})?$/.test(new URL(url).pathname)
  } catch {
    return false
  }
}

const registrySchema = v.variant(
  'kind',
  [
    section({ kind: v.literal('memory'), tombstoneSeconds }),
    section({
      kind: v.literal('redis'),
      url: v.pipe(
        nonEmptyString(),
        v.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://.'),
        v.check(namesDatabaseByNumber, DATABASE_MESSAGE),
      ),
      /** This node's id, unique in the cluster; default host-pid-random. */
      nodeId: v.optional(nonEmptyString()),
      /** Prefix of every Redis key; the Redis registry's default when absent. */
      keyPrefix: v.optional(nonEmptyString()),
      tombstoneSeconds,
      /** TTL of this node's heartbeat; the Redis registry's default when absent. */
      nodeTtlSeconds: v.optional(integerIn(1, 300)),
    }),
  ],
  (issue) => (issue.path ? "must be 'memory' or 'redis'." : 'must be an object.'),
)

const limitsSchema = section({
  maxConnections: v.optional(integerIn(1, 10_000_000), DEFAULT_LIMITS.maxConnections),
  maxConnectionsPerAddress: v.optional(
    integerIn(1, 10_000_000),
    DEFAULT_LIMITS.maxConnectionsPerAddress,
  ),
  sendBufferBytes: v.optional(integerIn(1_024, 1_073_741_824), DEFAULT_LIMITS.sendBufferBytes),
  requestsPerSecond: v.optional(integerIn(1, 100_000), DEFAULT_LIMITS.requestsPerSecond),
  requestBurst: v.optional(integerIn(1, 100_000), DEFAULT_LIMITS.requestBurst),
  maxFragments: v.optional(integerIn(1, 16_384), DEFAULT_LIMITS.maxFragments),
  closeTimeoutMs: v.optional(integerIn(1, 60_000), DEFAULT_LIMITS.closeTimeoutMs),
  loginsPerUserPerMinute: v.optional(integerIn(1, 100_000), DEFAULT_LIMITS.loginsPerUserPerMinute),
  tombstonesPerUser: v.optional(integerIn(1, 1_000), DEFAULT_LIMITS.tombstonesPerUser),
  maxUserSigSeconds: v.optional(integerIn(1, 10 * 31_536_000), DEFAULT_LIMITS.maxUserSigSeconds),
  maxFailuresPerAddress: v.optional(integerIn(1, 100_000), DEFAULT_LIMITS.maxFailuresPerAddress),
  maxFailuresPerUser: v.optional(integerIn(1, 100_000), DEFAULT_LIMITS.maxFailuresPerUser),
})

const shutdownSchema = section({
  drainSeconds: v.optional(integerIn(0, 3_600), DEFAULT_SHUTDOWN.drainSeconds),
  closeSpreadMs: v.optional(integerIn(0, 600_000), DEFAULT_SHUTDOWN.closeSpreadMs),
})

/** An IP address, or a CIDR block such as `10.0.0.0/8` or `fd00::/8`. */
function isAddressOrCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (bits === undefined) return true
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}

/** `http://localhost:5173`: a scheme, a host and maybe a port, nothing after. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value
  } catch {
    return false
  }
}

const devSchema = section({
  /** Serves `POST /dev/usersig`. Development only. */
  usersigEndpoint: v.optional(flag(), false),
  /** Other web origins the dev endpoint answers; none: same origin only. */
  allowOrigins: v.optional(
    listOf(isOrigin, 'must be an origin such as http://localhost:5173.'),
    [],
  ),
  /** The dev endpoint refuses to start on a non-loopback host unless this is true. */
  allowNonLoopback: v.optional(flag(), false),
})

/** Two apps with one SDKAppID: the second is named. */
const distinctSDKAppIDs = v.rawCheck<v.InferOutput<typeof appSchema>[]>(({ dataset, addIssue }) => {
  if (!dataset.typed) return
  const apps = dataset.value
  const index = apps.findIndex((app, i) => apps.findIndex((a) => a.SDKAppID === app.SDKAppID) !== i)
  if (index === -1) return
  const app = apps[index]!
  addIssue({
    message: `repeats ${app.SDKAppID}.`,
    path: [
      { type: 'array', origin: 'value', input: apps, key: index, value: app },
      { type: 'object', origin: 'value', input: app, key: 'SDKAppID', value: app.SDKAppID },
    ],
  })
})

/** The config file's shape (JSON), validated and with every default filled in. */
export const serverConfigSchema = section({
  host: v.optional(nonEmptyString(), DEFAULT_HOST),
  /** 0 picks a free port. */
  port: v.optional(integerIn(0, 65_535), DEFAULT_PORT),
  apps: v.pipe(
    v.array(appSchema, 'must be a non-empty array.'),
    v.minLength(1, 'must be a non-empty array.'),
    distinctSDKAppIDs,
  ),
  registry: v.optional(registrySchema, { kind: 'memory' }),
  limits: v.optional(limitsSchema, {}),
  /** What SIGTERM (or `drain()`) does. */
  shutdown: v.optional(shutdownSchema, {}),
  /** Proxies whose `X-Forwarded-For` is believed (addresses or CIDRs). */
  trustProxy: v.optional(
    listOf(isAddressOrCidr, 'must be an IP address or a CIDR block such as 10.0.0.0/8.'),
    [],
  ),
  dev: v.optional(devSchema, {}),
})
