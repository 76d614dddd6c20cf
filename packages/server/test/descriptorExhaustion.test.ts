import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { attackScope } from './helpers/attackScope.js'
import { spawnNode } from './helpers/redisClusterNodes.js'
import { appConfig } from './helpers.js'

const opened = attackScope()

const LIMIT = 128

function exhaustionLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.includes('"descriptors_exhausted"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('running out of file descriptors', () => {
  it('is logged as one JSON line, not once per dropped connection', async () => {
    const server = opened.server(await spawnNode({ apps: [appConfig()] }, { maxOpenFiles: LIMIT }))
    // Sockets that never send a request: each holds one of the server's descriptors
    // (under the per-address cap of 200), until the process has none left and the
    // system drops new connections before the server sees them.
    for (let i = 0; i < 2 * LIMIT; i++) {
      opened.socket(connect({ host: '127.0.0.1', port: server.port })).on('error', () => {})
    }
    // Within the 10 s the sockets have to send their headers, after which they are closed.
    const deadline = Date.now() + 9_000
    while (exhaustionLines(server.stderr()).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const [line] = exhaustionLines(server.stderr())
    expect(line).toMatchObject({ level: 'error', event: 'descriptors_exhausted', limit: LIMIT })
    // Still full a few checks later: still that one line (at most one a minute).
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(exhaustionLines(server.stderr())).toHaveLength(1)
  }, 60_000)
})
