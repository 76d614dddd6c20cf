import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { jsonLines } from './helpers/cliLines.js'
import { killChildren, listening, runCli, untilOutput, writeConfig } from './helpers/cliRun.js'
import { appConfig, cleanup, TestClient } from './helpers.js'

afterEach(async () => {
  killChildren()
  await cleanup()
})

async function login(url: string, userID: string): Promise<TestClient> {
  const client = await TestClient.connect(`${url.replace('http', 'ws')}/ws`)
  const seq = client.sendLogin({ userID })
  await client.message('ready', seq, 5_000)
  return client
}

describe('the CLI on SIGTERM (design.md rule 35)', () => {
  it('drains: /readyz 503 while a logged-in client stays and a new login is admitted; a second signal then closes with 1001 and it exits 0', async () => {
    // A drain longer than the test: only the second signal can end it.
    const config = writeConfig({ apps: [appConfig()], shutdown: { drainSeconds: 600 } })
    const r = runCli(['--config', config, '--port', '0'])
    const url = await listening(r)
    const alice = await login(url, 'alice')

    r.child.kill('SIGTERM')
    await untilOutput(r, r.stderr, /"event":"draining"/)
    const readyz = await fetch(`${url}/readyz`)
    expect(readyz.status).toBe(503)
    expect(await readyz.json()).toEqual({ status: 'not-ready', reason: 'draining' })
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    const bob = await login(url, 'bob')
    expect(alice.closed).toBeUndefined()

    r.child.kill('SIGTERM')
    expect((await alice.closeEvent(5_000)).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect((await bob.closeEvent(5_000)).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect(await r.exited).toBe(0)
    const signals = jsonLines(r.stderr()).filter((line) => line.event === 'signal')
    expect(signals.map((line) => line.action)).toEqual(['drain', 'close_now'])
  }, 30_000)

  it('after drainSeconds closes every client with 1001 by itself and exits 0', async () => {
    const config = writeConfig({
      apps: [appConfig()],
      shutdown: { drainSeconds: 1, closeSpreadMs: 200 },
    })
    const r = runCli(['--config', config, '--port', '0'])
    const url = await listening(r)
    const alice = await login(url, 'alice')
    r.child.kill('SIGINT')
    expect((await alice.closeEvent(10_000)).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect(await r.exited).toBe(0)
    const events = jsonLines(r.stderr()).map((line) => line.event)
    const order = ['signal', 'draining', 'shutting_down', 'stopped'].map((e) => events.indexOf(e))
    expect(order.every((at) => at >= 0)).toBe(true)
    expect(order).toEqual([...order].sort((x, y) => x - y))
  }, 30_000)
})
