import type { KickType } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createMetrics, type TerminateReason, type UpgradeRefusal } from '../src/metrics.js'
import type { RunningServer } from '../src/startServer.js'
import { untilMetric } from './helpers/scrapeMetrics.js'
import {
  cleanup,
  kickUser,
  loginClient,
  serverConfig,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

/** `name{labels} value`: Prometheus names, and its floats (exponents, NaN, ±Inf). */
const PROMETHEUS_SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?(?:[\d.]+(?:e[+-]?\d+)?|NaN|Nan|[+-]?Inf))$/i

async function metrics(server: RunningServer): Promise<Map<string, number>> {
  const res = await fetch(`${server.url}/metrics`)
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
  const text = await res.text()
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = PROMETHEUS_SAMPLE.exec(line)
    if (!match) throw new Error(`not Prometheus text: ${line}`)
    values.set(match[1]!, Number(match[2]))
  }
  return values
}

describe('GET /metrics', () => {
  it('counts logins, failures by code, kicks by type, sessions and connections', async () => {
    const server = await startTestServer()
    const before = await metrics(server)
    expect(before.get('chatgate_logins_total{resumed="false"}')).toBe(0)
    expect(before.get('chatgate_connections')).toBe(0)

    const a = await loginClient(server, 'alice')
    await loginClient(server, 'alice')
    await loginClient(server, 'alice')
    await a.client.closeEvent()
    const refused = await TestClient.connect(server.wsUrl)
    refused.sendLogin({ userID: 'bob', userSig: 'garbage' })
    await refused.closeEvent()
    const carol = await loginClient(server, 'carol')
    await kickUser(server, 'carol')
    await carol.client.closeEvent()
    // The server has seen the kicked sockets close too.
    await untilMetric(server, 'chatgate_connections', 2)

    const after = await metrics(server)
    expect(after.get('chatgate_logins_total{resumed="false"}')).toBe(4)
    expect(after.get('chatgate_login_failures_total{code="70052"}')).toBe(1)
    expect(after.get('chatgate_kicks_total{type="multipleAccount"}')).toBe(1)
    expect(after.get('chatgate_kicks_total{type="REST_API_Kick"}')).toBe(1)
    expect(after.get('chatgate_sessions_online{state="attached"}')).toBe(2)
    expect(after.get('chatgate_sessions_online{state="detached"}')).toBe(0)
    expect(after.get('chatgate_connections')).toBe(2)
    expect(
      after.get('chatgate_rest_requests_total{path="/v4/im_open_login_svc/kick",status="OK"}'),
    ).toBe(1)
  })

  it('counts a dropped session as detached during its grace period', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'dave')
    client.ws.terminate()
    await client.closeEvent()
    // The server notices the dropped socket a moment after the client.
    await untilMetric(server, 'chatgate_connections', 0)
    const values = await metrics(server)
    expect(values.get('chatgate_sessions_online{state="detached"}')).toBe(1)
    expect(values.get('chatgate_sessions_online{state="attached"}')).toBe(0)
    expect(values.get('chatgate_connections')).toBe(0)
  })
})

describe('GET /metrics: the process and the login path (design.md rule 36)', () => {
  it('after a login and a kick shows the default process metrics, latency histograms, registry and readiness gauges, build info and refusals by reason', async () => {
    const server = await startTestServer()
    const carol = await loginClient(server, 'carol')
    await kickUser(server, 'carol')
    await carol.client.closeEvent()
    const res = await fetch(`${server.url}/metrics`)
    const text = await res.text()
    const families = new Set(
      text
        .split('\n')
        .filter((line) => line.startsWith('# TYPE '))
        .map((line) => line.split(' ')[2]),
    )
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'process_open_fds',
      'process_max_fds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
      'chatgate_login_duration_seconds',
      'chatgate_kick_delivery_seconds',
      'chatgate_registry_up',
      'chatgate_ready',
      'chatgate_build_info',
      'chatgate_upgrades_refused_total',
      // Today's families keep their names.
      'chatgate_logins_total',
      'chatgate_login_failures_total',
      'chatgate_kicks_total',
      'chatgate_sessions_online',
      'chatgate_connections',
      'chatgate_rest_requests_total',
      'chatgate_connection_closes_total',
      'chatgate_connection_terminations_total',
    ]) {
      expect(families, name).toContain(name)
    }
    const values = await metrics(server)
    expect(values.get('chatgate_login_duration_seconds_count{result="admitted"}')).toBe(1)
    expect(values.get('chatgate_login_duration_seconds_count{result="refused"}')).toBe(0)
    expect(values.get('chatgate_kick_delivery_seconds_count')).toBe(1)
    expect(values.get('chatgate_registry_up')).toBe(1)
    expect(values.get('chatgate_ready')).toBe(1)
    const version = (await import('../package.json', { with: { type: 'json' } })).default.version
    expect(values.get(`chatgate_build_info{version="${version}"}`)).toBe(1)
    expect(values.get('chatgate_upgrades_refused_total{reason="max_connections"}')).toBe(0)
    expect(
      values.get('chatgate_upgrades_refused_total{reason="max_connections_per_address"}'),
    ).toBe(0)
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    const server = await startTestServer()
    const res = await fetch(`${server.url}/metrics`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000)
    expect(await res.text()).toBe('')
  })
})

describe('metric labels stay bounded', () => {
  /** Series per family, from the Prometheus text. */
  async function seriesPerFamily(render: () => Promise<string>): Promise<Map<string, number>> {
    const counts = new Map<string, number>()
    for (const line of (await render()).split('\n')) {
      if (line === '' || line.startsWith('#')) continue
      const family = line.split(/[{ ]/)[0]!.replace(/_(bucket|sum|count)$/, '')
      counts.set(family, (counts.get(family) ?? 0) + 1)
    }
    return counts
  }

  it('values outside each label’s known set all count as "other", however many there are', async () => {
    const metrics = createMetrics()
    const before = await seriesPerFamily(() => metrics.render())
    for (let i = 0; i < 1_000; i++) {
      metrics.loginFailed(100_000 + i)
      metrics.connectionClosed(3_000 + i)
      metrics.kickDelivered(`type-${i}` as KickType)
      metrics.restRequest(`/v4/made/up/${i}`, i % 2 === 0)
      metrics.connectionTerminated(`reason-${i}` as TerminateReason)
      metrics.upgradeRefused(`reason-${i}` as UpgradeRefusal)
    }
    const after = await seriesPerFamily(() => metrics.render())
    for (const family of [
      'chatgate_login_failures_total',
      'chatgate_connection_closes_total',
      'chatgate_kicks_total',
      'chatgate_rest_requests_total',
      'chatgate_connection_terminations_total',
      'chatgate_upgrades_refused_total',
    ]) {
      expect((after.get(family) ?? 0) - (before.get(family) ?? 0), family).toBeLessThanOrEqual(1)
    }
    expect(await metrics.render()).toContain('chatgate_login_failures_total{code="other"} 1000')
  })

  it('hundreds of users and refusals add no series: twice as many leave the count of series as it was', async () => {
    // Every client here is 127.0.0.1: let its failed logins all be verified.
    const server = await startTestServer(
      serverConfig({ limits: { maxFailuresPerAddress: 10_000 } }),
    )
    const families = async () =>
      seriesPerFamily(async () => (await fetch(`${server.url}/metrics`)).text())
    const crowd = (round: number) =>
      Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          await loginClient(server, `user${round}x${i}`)
          const bad = await TestClient.connect(server.wsUrl)
          bad.sendLogin({ userID: `bad${round}x${i}`, userSig: `garbage${i}` })
          await bad.closeEvent()
        }),
      )
    await crowd(1)
    const once = await families()
    await crowd(2)
    const twice = await families()
    for (const [family, count] of twice) {
      if (family.startsWith('chatgate_')) expect(count, family).toBe(once.get(family))
    }
    const text = await (await fetch(`${server.url}/metrics`)).text()
    expect(text).not.toMatch(/user\d|bad\d|garbage|127\.0\.0\.1/)
  })
})
