import type { KickType, Platform } from '@chatgate/protocol'
import { afterEach, expect, test } from 'vitest'
import { createLogger } from '../src/logger.js'
import { createMetrics } from '../src/metrics.js'
import type { AppLoginSettings } from '../src/policy/types.js'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import { type LocalSession, SessionHub, type SessionSocket } from '../src/transport/sessionHub.js'

// A login's `ready` goes out after the registry admitted it, and the socket attaches to the
// hub after that: a kick decided in between (another login of the user, another node's
// admission, a REST kick) reaches the hub before the session is attached. The hub must
// keep it and deliver it on attach, or the kicked session stays online (rule 12).

const ONE_WEB: AppLoginSettings = {
  policy: 'all',
  maxInstances: { web: 1, android: 1, iphone: 1, ipad: 1, windows: 1, macos: 1, linux: 1 },
}

/** The hub's side of a connection, recording what the hub did to it. */
class RecordingSocket implements SessionSocket {
  readonly kicks: KickType[] = []
  dropped = false
  readonly expiresAt = Number.POSITIVE_INFINITY
  constructor(readonly session: LocalSession) {}
  deliverKick(type: KickType): void {
    this.kicks.push(type)
  }
  dropSilently(): void {
    this.dropped = true
  }
}

let registry: SessionRegistry
let hub: SessionHub
afterEach(async () => {
  hub.close()
  await registry.close()
})

function start(graceMs = 60_000) {
  registry = createMemoryRegistry({ nodeId: 'node-a' })
  hub = new SessionHub({
    registry,
    metrics: createMetrics(),
    logger: createLogger({ level: 'silent' }),
    now: Date.now,
    graceMsFor: () => graceMs,
  })
}

let nextId = 0
async function admit(userID: string, platform: Platform = 'web'): Promise<LocalSession> {
  const session = { sessionId: `s${++nextId}`, sdkAppID: 1, userID, platform, device: '' }
  const at = Date.now()
  const record = {
    nodeId: 'node-a',
    loginAt: at,
    publicId: `p${nextId}`,
    address: '',
    lastSeenAt: at,
  }
  await registry.admit({ ...session, ...record }, ONE_WEB)
  return session
}

test('a kick that arrives before its session attaches is delivered on attach, and the session never attaches (rule 12)', async () => {
  start()
  const first = await admit('alice')
  await admit('alice') // evicts the first before its socket attached

  const socket = new RecordingSocket(first)
  expect(hub.attach(socket)).toBe(false)
  expect(socket.kicks).toEqual(['multipleAccount'])
  expect(hub.attachedCount).toBe(0)
})

test('a session kicked before attaching whose socket closed meanwhile is not held for a grace period', async () => {
  start()
  const first = await admit('bob')
  await admit('bob')

  hub.holdDetached(first)

  expect(hub.detachedCount).toBe(0)
})

test('a session not kicked attaches normally, and a kick after attaching reaches its socket', async () => {
  start()
  const first = await admit('carol')
  const socket = new RecordingSocket(first)
  expect(hub.attach(socket)).toBe(true)
  expect(hub.attachedCount).toBe(1)

  await admit('carol')

  expect(socket.kicks).toEqual(['multipleAccount'])
  expect(hub.attachedCount).toBe(0)
})
