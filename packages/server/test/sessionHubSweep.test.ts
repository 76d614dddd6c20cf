import type { KickType, Platform } from '@chatgate/protocol'
import { afterEach, expect, test } from 'vitest'
import { createLogger } from '../src/logger.js'
import { createMetrics } from '../src/metrics.js'
import type { AppLoginSettings } from '../src/policy/types.js'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import { type LocalSession, SessionHub, type SessionSocket } from '../src/transport/sessionHub.js'

// The hub's own clock work, driven by hand: the sweep's UserSig expiry kicks (once per
// expiry, again after a renewal), grace periods and their release (and its retry when the
// registry fails), the early-kick memory's end, and the takeover notices. The registry is
// the real memory registry on the same hand-driven clock.

const TWO_WEB: AppLoginSettings = {
  policy: 'all',
  maxInstances: { web: 2, android: 1, iphone: 1, ipad: 1, windows: 1, macos: 1, linux: 1 },
}
const GRACE_MS = 10_000

class RecordingSocket implements SessionSocket {
  readonly kicks: KickType[] = []
  dropped = false
  constructor(
    readonly session: LocalSession,
    public expiresAt = Number.POSITIVE_INFINITY,
  ) {}
  deliverKick(type: KickType): void {
    this.kicks.push(type)
  }
  dropSilently(): void {
    this.dropped = true
  }
}

let time = 1_000_000
let registry: SessionRegistry
let hub: SessionHub
const logLines: string[] = []
afterEach(async () => {
  hub.close()
  await registry.close()
  logLines.length = 0
})

function start(graceMs = GRACE_MS, nodeId = 'node-a') {
  registry = createMemoryRegistry({ nodeId, now: () => time })
  hub = new SessionHub({
    registry,
    metrics: createMetrics(),
    logger: createLogger({ level: 'info', write: (line) => logLines.push(line), now: () => time }),
    now: () => time,
    graceMsFor: () => graceMs,
  })
}

let nextId = 0
async function admit(userID: string, platform: Platform = 'web'): Promise<LocalSession> {
  const session: LocalSession = {
    sessionId: `h${++nextId}`,
    sdkAppID: 1,
    userID,
    platform,
    device: '',
  }
  await registry.admit(
    {
      ...session,
      nodeId: 'node-a',
      loginAt: time,
      publicId: `p${nextId}`,
      address: '127.0.0.1',
      lastSeenAt: time,
    },
    TWO_WEB,
  )
  return session
}

const status = async (session: LocalSession) =>
  (await registry.lookup(session.sdkAppID, session.userID, session.sessionId)).status
/** Lets the registry's promise callbacks run (no timer: the clock is the test's). */
const settle = () => new Promise((resolve) => setImmediate(resolve))
const events = () => logLines.map((line) => JSON.parse(line).event as string)

test('the sweep kicks a session whose UserSig expired, from the very ms of its expiry, not before', async () => {
  start()
  const session = await admit('expiring_user')
  const socket = new RecordingSocket(session, time + 5000)
  hub.attach(socket)

  time += 4999
  hub.sweep()
  await settle()
  expect(socket.kicks).toEqual([])

  time += 1
  hub.sweep()
  await settle()
  expect(socket.kicks).toEqual(['userSigExpired'])
  expect(await status(session)).toBe('kicked')
  expect(hub.attachedCount).toBe(0)
})

test('an expiry kick is asked for once per expiry, and again after a renewal; a failed one is retried', async () => {
  start()
  const session = await admit('asked_once')
  const socket = new RecordingSocket(session, time)
  hub.attach(socket)
  const asked: string[] = []
  const kickSession = registry.kickSession.bind(registry)
  let failNext = true
  registry.kickSession = (...args) => {
    asked.push(args[3])
    if (failNext) {
      failNext = false
      return Promise.reject(new Error('registry down'))
    }
    // The kick is asked for but not decided yet: the session stays attached meanwhile.
    return new Promise(() => {})
  }

  hub.sweep()
  await settle()
  expect(events()).toContain('expiry_kick_failed')
  hub.sweep() // the failed one is asked again
  hub.sweep() // this one is in flight: not again
  await settle()
  expect(asked).toEqual(['userSigExpired', 'userSigExpired'])

  hub.renewed(socket)
  hub.sweep() // renewed, and expired again at once (its expiresAt stayed): asked again
  expect(asked).toHaveLength(3)
  registry.kickSession = kickSession
})

test('a dropped session is held for its grace period, released at its very end', async () => {
  start()
  const session = await admit('dropped_user')
  const socket = new RecordingSocket(session)
  hub.attach(socket)
  hub.detach(socket)
  expect(hub.detachedCount).toBe(1)

  time += GRACE_MS - 1
  hub.sweep()
  await settle()
  expect(await status(session)).toBe('live')

  time += 1
  hub.sweep()
  await settle()
  expect(hub.detachedCount).toBe(0)
  expect(await status(session)).toBe('unknown')
  expect(events()).toContain('grace_release')
})

test('no grace period (0): a dropped session is released at once', async () => {
  start(0)
  const session = await admit('no_grace')
  const socket = new RecordingSocket(session)
  hub.attach(socket)
  hub.detach(socket)
  await settle()
  expect(hub.detachedCount).toBe(0)
  expect(await status(session)).toBe('unknown')
})

test('a release the registry fails is tried again a second later', async () => {
  start(0)
  const session = await admit('release_retry')
  const release = registry.release.bind(registry)
  registry.release = () => Promise.reject(new Error('registry down'))
  hub.holdDetached(session)
  await settle()
  expect(events()).toContain('grace_release_failed')
  expect(hub.detachedCount).toBe(1)

  registry.release = release
  time += 999
  hub.sweep()
  await settle()
  expect(await status(session)).toBe('live')
  time += 1
  hub.sweep()
  await settle()
  expect(await status(session)).toBe('unknown')
})

test('a logout forgets the session (no grace); detach and forget of a socket not attached do nothing', async () => {
  start()
  const session = await admit('leaver')
  const socket = new RecordingSocket(session)
  const stale = new RecordingSocket(session)
  hub.attach(stale)
  hub.attach(socket)
  expect(stale.dropped).toBe(true)
  expect(socket.dropped).toBe(false)

  hub.detach(stale)
  hub.forget(stale)
  expect(hub.attachedCount).toBe(1)
  expect(hub.detachedCount).toBe(0)

  hub.forget(socket)
  expect(hub.attachedCount).toBe(0)
  expect(hub.detachedCount).toBe(0)

  // The same socket attached twice is not its own stale copy.
  const again = new RecordingSocket(session)
  hub.attach(again)
  hub.attach(again)
  expect(again.dropped).toBe(false)
})

test('a kick that found no attached session is remembered for a minute, then forgotten', async () => {
  start()
  const first = await admit('late_attacher')
  await admit('late_attacher')
  await admit('late_attacher') // the first is evicted before its socket attached

  time += 59_999
  hub.sweep()
  expect(hub.attach(new RecordingSocket(first))).toBe(false)

  const second = await admit('later_attacher')
  await admit('later_attacher')
  await admit('later_attacher')
  time += 60_000
  hub.sweep()
  expect(hub.attach(new RecordingSocket(second))).toBe(true)
})

test('a kick of a detached session ends its grace: nothing is held, nothing kept for an attach', async () => {
  start()
  const session = await admit('detached_kicked')
  const socket = new RecordingSocket(session)
  hub.attach(socket)
  hub.detach(socket)
  await admit('detached_kicked')
  await admit('detached_kicked')
  expect(hub.detachedCount).toBe(0)
  expect(socket.kicks).toEqual([])
  // Its tombstone answers a resume; the hub keeps no early kick for it.
  expect(hub.attach(new RecordingSocket(session))).toBe(true)
})

test('a takeover by another node drops this node’s socket silently; one by this node changes nothing', async () => {
  start()
  const session = await admit('taken_over')
  const socket = new RecordingSocket(session)
  hub.attach(socket)

  await registry.claim(session.sdkAppID, session.userID, session.sessionId, 'node-a')
  expect(socket.dropped).toBe(false)
  expect(hub.attachedCount).toBe(1)

  await registry.claim(session.sdkAppID, session.userID, session.sessionId, 'node-b')
  expect(socket.dropped).toBe(true)
  expect(socket.kicks).toEqual([])
  expect(hub.attachedCount).toBe(0)
})

test('a notice whose handling throws is logged, and the hub goes on', async () => {
  start()
  const session = await admit('throwing_socket')
  const socket = new RecordingSocket(session)
  socket.deliverKick = () => {
    throw new Error('socket gone')
  }
  hub.attach(socket)
  await admit('throwing_socket')
  await admit('throwing_socket')
  expect(events()).toContain('notice_failed')
  const next = await admit('throwing_socket')
  expect(hub.attach(new RecordingSocket(next))).toBe(true)
})
