import { afterEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../src/startServer.js'
import { cleanup, kickUser, loginClient, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

async function metrics(server: RunningServer): Promise<Map<string, number>> {
  const res = await fetch(`${server.url}/metrics`)
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
  const text = await res.text()
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-z_]+(?:\{[^}]*\})?) (-?[\d.e+]+)$/.exec(line)
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
    await new Promise((resolve) => setTimeout(resolve, 30))

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
    await new Promise((resolve) => setTimeout(resolve, 30))
    const values = await metrics(server)
    expect(values.get('chatgate_sessions_online{state="detached"}')).toBe(1)
    expect(values.get('chatgate_sessions_online{state="attached"}')).toBe(0)
    expect(values.get('chatgate_connections')).toBe(0)
  })
})
