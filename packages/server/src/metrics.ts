import { CLOSE_CODES, ERROR_CODES, isKickType, type KickType } from '@chatgate/protocol'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { renderProcessMetrics } from './processMetrics.js'
import { ADMIN_PATHS } from './rest/adminRoutes.js'
import { SERVER_VERSION } from './version.js'

/**
 * The server's metrics (Prometheus text, `prom-client`). Every label takes its values from
 * a fixed list: anything else is counted as `other`, so no client can grow the series.
 */
export interface Metrics {
  loginSucceeded(resumed: boolean): void
  loginFailed(code: number): void
  /** How long a login took from its frame to its outcome (`resumed` only on `ready`). */
  loginTimed(outcome: LoginOutcomeLike, milliseconds: number): void
  kickDelivered(type: KickType): void
  /** From a kick's decision (on any node) to its notice reaching the node that owns the session. */
  kickNoticeTimed(milliseconds: number): void
  restRequest(path: string, ok: boolean): void
  /** Sessions this node serves, attached or within their grace period. */
  setSessions(attached: number, detached: number): void
  setConnections(open: number): void
  /** The server closed a connection with this close code (kick, logout, refusal, a limit, …). */
  connectionClosed(closeCode: number): void
  /** A socket ended without a close handshake: it missed a heartbeat or ignored our close. */
  connectionTerminated(reason: TerminateReason): void
  /** An upgrade refused by a connection cap (rule 23). */
  upgradeRefused(reason: UpgradeRefusal): void
  /** Whether the session registry's store answers (Redis connected, not timing out). */
  setRegistryUp(up: boolean): void
  /** Whether this node would admit a login now (what `/readyz` answers). */
  setReady(ready: boolean): void
  /** The Prometheus text of the process's and this server's metrics. */
  render(): Promise<string>
  readonly contentType: string
}

export type TerminateReason = 'heartbeat' | 'close_timeout'
const TERMINATE_REASONS: readonly TerminateReason[] = ['heartbeat', 'close_timeout']

/**
 * Why an upgrade was refused: a connection cap (503, 429), a path other than `/ws` (404),
 * the node shutting down (503), or a request `ws` refused as no valid WebSocket handshake
 * (400 and the like). One list, so every reason has its series from the start (a dashboard
 * sees 0, not nothing) and the union cannot drift from it.
 */
export const UPGRADE_REFUSALS = [
  'max_connections',
  'max_connections_per_address',
  'path',
  'draining',
  'bad_request',
] as const
export type UpgradeRefusal = (typeof UPGRADE_REFUSALS)[number]

/** What `loginTimed` needs of a login's outcome (the transport's `LoginOutcome` fits). */
export interface LoginOutcomeLike {
  kind: 'ready' | 'refused' | 'kicked'
  resumed?: boolean
}
const LOGIN_RESULTS = ['admitted', 'resumed', 'refused', 'kicked'] as const
type LoginResult = (typeof LOGIN_RESULTS)[number]

const OTHER = 'other'
const KNOWN_ERROR_CODES: ReadonlySet<number> = new Set(Object.values(ERROR_CODES))
const KNOWN_CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(CLOSE_CODES))

/** Login and kick latencies on loopback are well under a millisecond; Redis adds a few. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

/**
 * A child per label value, made on first use and kept: prom-client hashes the label object
 * on every call otherwise. `known` bounds the values; the rest share `other`.
 */
function childrenBy<K, C>(known: (key: K) => boolean, make: (label: string) => C) {
  const children = new Map<K, C>()
  let other: C | undefined
  return (key: K): C => {
    let child = children.get(key)
    if (child !== undefined) return child
    if (!known(key)) {
      other ??= make(OTHER)
      return other
    }
    child = make(String(key))
    children.set(key, child)
    return child
  }
}

export function createMetrics(): Metrics {
  // This server's own registry (never prom-client's global one): several servers in one
  // process keep their counts apart.
  const registry = new Registry()
  const registers = [registry]
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers })
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers })

  const logins = counter('chatgate_logins_total', 'Successful logins, by resumed.', ['resumed'])
  const failures = counter('chatgate_login_failures_total', 'Refused logins, by code.', ['code'])
  const kicks = counter('chatgate_kicks_total', 'Kicks delivered by this node, by type.', ['type'])
  const rest = counter('chatgate_rest_requests_total', 'Admin REST calls, by path/status.', [
    'path',
    'status',
  ])
  const sessions = gauge('chatgate_sessions_online', 'Sessions on this node, by state.', ['state'])
  const connections = gauge('chatgate_connections', 'Open WebSocket connections.')
  const closes = counter(
    'chatgate_connection_closes_total',
    'Connections the server closed, by close code.',
    ['code'],
  )
  const terminations = counter(
    'chatgate_connection_terminations_total',
    'Sockets ended without a close handshake, by reason (heartbeat, close_timeout).',
    ['reason'],
  )
  const refusedUpgrades = counter(
    'chatgate_upgrades_refused_total',
    'WebSocket upgrades refused by a connection cap, by reason.',
    ['reason'],
  )
  const loginSeconds = new Histogram({
    name: 'chatgate_login_duration_seconds',
    help: 'From a login frame to its outcome, by result (admitted, resumed, refused, kicked).',
    labelNames: ['result'],
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const kickSeconds = new Histogram({
    name: 'chatgate_kick_delivery_seconds',
    help: "From a kick's decision (on any node) to its notice reaching the session's node.",
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const registryUp = gauge('chatgate_registry_up', '1 while the session registry answers, else 0.')
  const ready = gauge('chatgate_ready', '1 while this node would admit a login (/readyz), else 0.')
  const buildInfo = gauge('chatgate_build_info', 'Always 1; the version is a label.', ['version'])

  // Every series a dashboard expects exists from the start, at 0.
  logins.inc({ resumed: 'false' }, 0)
  logins.inc({ resumed: 'true' }, 0)
  sessions.set({ state: 'attached' }, 0)
  sessions.set({ state: 'detached' }, 0)
  connections.set(0)
  for (const reason of TERMINATE_REASONS) terminations.inc({ reason }, 0)
  for (const reason of UPGRADE_REFUSALS) refusedUpgrades.inc({ reason }, 0)
  for (const result of LOGIN_RESULTS) loginSeconds.zero({ result })
  registryUp.set(1)
  ready.set(0)
  buildInfo.set({ version: SERVER_VERSION }, 1)

  const resumedLogins = logins.labels('true')
  const freshLogins = logins.labels('false')
  const loginResultChild = Object.fromEntries(
    LOGIN_RESULTS.map((result) => [result, loginSeconds.labels(result)]),
  ) as Record<LoginResult, Histogram.Internal<string>>
  const failureChild = childrenBy(
    (code: number) => KNOWN_ERROR_CODES.has(code),
    (code) => failures.labels(code),
  )
  const closeChild = childrenBy(
    (code: number) => KNOWN_CLOSE_CODES.has(code),
    (code) => closes.labels(code),
  )
  const kickChild = childrenBy(isKickType, (type) => kicks.labels(type))
  const restChild = childrenBy(
    (key: string) => ADMIN_PATHS.includes(key.slice(0, key.lastIndexOf(' '))),
    (key) => rest.labels(...(key === OTHER ? [OTHER, OTHER] : key.split(' '))),
  )
  const terminationChild = childrenBy(
    (reason: string) => TERMINATE_REASONS.includes(reason as TerminateReason),
    (reason) => terminations.labels(reason),
  )
  const refusalChild = childrenBy(
    (reason: string) => UPGRADE_REFUSALS.includes(reason as UpgradeRefusal),
    (reason) => refusedUpgrades.labels(reason),
  )

  return {
    loginSucceeded: (resumed) => (resumed ? resumedLogins : freshLogins).inc(),
    loginFailed: (code) => failureChild(code).inc(),
    loginTimed(outcome, milliseconds) {
      const result: LoginResult =
        outcome.kind === 'ready' ? (outcome.resumed ? 'resumed' : 'admitted') : outcome.kind
      loginResultChild[result].observe(milliseconds / 1000)
    },
    kickDelivered: (type) => kickChild(type).inc(),
    kickNoticeTimed: (milliseconds) => kickSeconds.observe(Math.max(0, milliseconds) / 1000),
    restRequest: (path, ok) => restChild(`${path} ${ok ? 'OK' : 'FAIL'}`).inc(),
    setSessions(attached, detached) {
      sessions.set({ state: 'attached' }, attached)
      sessions.set({ state: 'detached' }, detached)
    },
    setConnections: (open) => connections.set(open),
    connectionClosed: (closeCode) => closeChild(closeCode).inc(),
    connectionTerminated: (reason) => terminationChild(reason).inc(),
    upgradeRefused: (reason) => refusalChild(reason).inc(),
    setRegistryUp: (up) => registryUp.set(up ? 1 : 0),
    setReady: (isReady) => ready.set(isReady ? 1 : 0),
    async render() {
      const [own, process] = await Promise.all([registry.metrics(), renderProcessMetrics()])
      return `${process}${own}`
    },
    contentType: registry.contentType,
  }
}
