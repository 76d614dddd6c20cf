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
  render(): string
}

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
  const add = (s: Series, labelSet: string, by = 1) =>
    s.values.set(labelSet, (s.values.get(labelSet) ?? 0) + by)

  logins.values.set(labels({ resumed: 'false' }), 0)
  logins.values.set(labels({ resumed: 'true' }), 0)
  connections.values.set('', 0)
  sessions.values.set(labels({ state: 'attached' }), 0)
  sessions.values.set(labels({ state: 'detached' }), 0)

  // Label sets of the hot path, built once.
  const resumedLabels = { true: labels({ resumed: 'true' }), false: labels({ resumed: 'false' }) }

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
