import type { KickType } from '@chatgate/protocol'

/**
 * The server's counters and gauges, rendered as Prometheus text (format 0.0.4).
 * Written by hand: a handful of series needs no client library.
 */
export interface Metrics {
  loginSucceeded(resumed: boolean): void
  loginFailed(code: number): void
  kickDelivered(type: KickType): void
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
  render(): string
}

export type TerminateReason = 'heartbeat' | 'close_timeout'
/**
 * Why an upgrade was refused: a connection cap (503, 429), a path other than `/ws` (404),
 * the node shutting down (503), or a request `ws` refused as no valid WebSocket handshake
 * (400 and the like).
 */
export type UpgradeRefusal =
  | 'max_connections'
  | 'max_connections_per_address'
  | 'path'
  | 'draining'
  | 'bad_request'

interface Series {
  name: string
  help: string
  type: 'counter' | 'gauge'
  values: Map<string, number>
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function labels(pairs: Record<string, string>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
  return parts.length ? `{${parts.join(',')}}` : ''
}

export function createMetrics(): Metrics {
  const series = new Map<string, Series>()
  const define = (name: string, type: Series['type'], help: string) => {
    const s: Series = { name, help, type, values: new Map() }
    series.set(name, s)
    return s
  }
  const logins = define('chatgate_logins_total', 'counter', 'Successful logins, by resumed.')
  const failures = define('chatgate_login_failures_total', 'counter', 'Refused logins, by code.')
  const kicks = define('chatgate_kicks_total', 'counter', 'Kicks delivered by this node, by type.')
  const rest = define(
    'chatgate_rest_requests_total',
    'counter',
    'Admin REST calls, by path/status.',
  )
  const sessions = define('chatgate_sessions_online', 'gauge', 'Sessions on this node, by state.')
  const connections = define('chatgate_connections', 'gauge', 'Open WebSocket connections.')
  const closes = define(
    'chatgate_connection_closes_total',
    'counter',
    'Connections the server closed, by close code.',
  )
  const terminations = define(
    'chatgate_connection_terminations_total',
    'counter',
    'Sockets ended without a close handshake, by reason (heartbeat, close_timeout).',
  )
  const refusedUpgrades = define(
    'chatgate_upgrades_refused_total',
    'counter',
    'WebSocket upgrades refused by a connection cap, by reason.',
  )
  const add = (s: Series, labelSet: string, by = 1) =>
    s.values.set(labelSet, (s.values.get(labelSet) ?? 0) + by)

  logins.values.set(labels({ resumed: 'false' }), 0)
  logins.values.set(labels({ resumed: 'true' }), 0)
  connections.values.set('', 0)
  sessions.values.set(labels({ state: 'attached' }), 0)
  sessions.values.set(labels({ state: 'detached' }), 0)

  // Label sets of the hot path, built once.
  const resumedLabels = { true: labels({ resumed: 'true' }), false: labels({ resumed: 'false' }) }
  const closeLabels = new Map<number, string>()
  const closeLabel = (code: number) => {
    let labelSet = closeLabels.get(code)
    if (labelSet === undefined) {
      labelSet = labels({ code: String(code) })
      closeLabels.set(code, labelSet)
    }
    return labelSet
  }
  const terminateReasons: readonly TerminateReason[] = ['heartbeat', 'close_timeout']
  for (const reason of terminateReasons) terminations.values.set(labels({ reason }), 0)
  const upgradeRefusals: readonly UpgradeRefusal[] = [
    'max_connections',
    'max_connections_per_address',
    'path',
    'draining',
    'bad_request',
  ]
  for (const reason of upgradeRefusals) refusedUpgrades.values.set(labels({ reason }), 0)

  return {
    loginSucceeded: (resumed) => add(logins, resumedLabels[`${resumed}`]),
    loginFailed: (code) => add(failures, labels({ code: String(code) })),
    kickDelivered: (type) => add(kicks, labels({ type })),
    restRequest: (path, ok) => add(rest, labels({ path, status: ok ? 'OK' : 'FAIL' })),
    setSessions(attached, detached) {
      sessions.values.set(labels({ state: 'attached' }), attached)
      sessions.values.set(labels({ state: 'detached' }), detached)
    },
    setConnections: (open) => connections.values.set('', open),
    connectionClosed: (closeCode) => add(closes, closeLabel(closeCode)),
    connectionTerminated: (reason) => add(terminations, labels({ reason })),
    upgradeRefused: (reason) => add(refusedUpgrades, labels({ reason })),
    render() {
      const lines: string[] = []
      for (const s of series.values()) {
        lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`)
        for (const [labelSet, value] of s.values) lines.push(`${s.name}${labelSet} ${value}`)
      }
      return `${lines.join('\n')}\n`
    },
  }
}
