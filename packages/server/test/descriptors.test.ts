import { createConnection, type Socket } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { descriptorLimit } from '../src/descriptors.js'
import { createLogger } from '../src/logger.js'
import { jsonLines } from './helpers/cliLines.js'
import { killChildren, listening, spawnRun, untilOutput, writeConfig } from './helpers/cliRun.js'
import { appConfig, cleanup, serverConfig, startTestServer } from './helpers.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const sockets: Socket[] = []

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  killChildren()
  await cleanup()
})

// Linux tells a process its descriptor limit in /proc; elsewhere there is nothing to check.
describe.runIf(descriptorLimit() !== undefined)('file descriptors (design.md rule 36)', () => {
  async function startupWarnings(maxConnections: number) {
    const lines: Record<string, unknown>[] = []
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(JSON.parse(line)) })
    await startTestServer(serverConfig({ limits: { maxConnections } }), { logger })
    return lines.filter((line) => line.event === 'descriptor_limit_low')
  }

  it('warns at start when limits.maxConnections does not sit below the descriptor limit', async () => {
    const limit = descriptorLimit()!
    expect(await startupWarnings(limit)).toEqual([
      expect.objectContaining({ level: 'warn', maxConnections: limit, descriptorLimit: limit }),
    ])
    expect(await startupWarnings(limit - 100)).toEqual([])
  })

  it('logs descriptors_exhausted when the process runs out of them (ulimit -n 160, 300 sockets)', async () => {
    const config = writeConfig({
      apps: [appConfig()],
      limits: { maxConnections: 1_000, maxConnectionsPerAddress: 1_000 },
      shutdown: { drainSeconds: 0 },
    })
    const node = [
      '--import',
      tsxLoader,
      '--conditions=source',
      cli,
      '--config',
      config,
      '--port',
      '0',
    ]
    const quoted = [process.execPath, ...node].map((arg) => `'${arg}'`).join(' ')
    const r = spawnRun('sh', ['-c', `ulimit -n 160 && exec ${quoted}`])
    const url = new URL(await listening(r))
    expect(jsonLines(r.stderr()).find((l) => l.event === 'descriptor_limit_low')).toMatchObject({
      descriptorLimit: 160,
    })
    for (let i = 0; i < 300; i++) {
      const socket = createConnection({ host: url.hostname, port: Number(url.port) })
      socket.on('error', () => {})
      sockets.push(socket)
    }
    await untilOutput(r, r.stderr, /"event":"descriptors_exhausted"/)
    const exhausted = () => jsonLines(r.stderr()).filter((l) => l.event === 'descriptors_exhausted')
    expect(exhausted()).toEqual([expect.objectContaining({ level: 'error', limit: 160 })])
    // Still out of descriptors two checks later: still that one line, not one per check or
    // per dropped connection (at most one a minute).
    await new Promise((resolve) => setTimeout(resolve, 4_500))
    expect(exhausted()).toHaveLength(1)
  }, 30_000)
})
