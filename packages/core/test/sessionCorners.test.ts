/**
 * The corners of a session's life that the main flows pass by: what arrives after the
 * session ended (a late reply, a renewal's failure), a logout while the login is still on
 * the wire, a server that closes a live socket with a stop code, an `online` signal while
 * live, and what the log says at each step. Real server, manual timers.
 */
import { Chat, type Logger } from '@chatgate/core'
import {
  CLIENT_USER_SIG_EXPIRED,
  CLOSE_CODES,
  ERROR_CODES,
  NETWORK_ERROR,
  NOT_READY_LOGGED_OUT,
  REQUEST_TIMEOUT,
} from '@chatgate/protocol'
import { startDevServer } from '@chatgate/server/testing'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { manualTimers } from './helpers/manualTimers.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'
import { startTcpProxy } from './helpers/tcpProxy.js'

const HOUR_MS = 3_600_000
/** No heartbeat within a test: advancing the manual clock then runs only what a test means. */
const NO_HEARTBEAT = { intervalMs: 100 * HOUR_MS, timeoutMs: 10_000 }

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer({ maxWeb: 2 })
})
afterAll(() => live.close())

/** A logger that keeps each line as `level words…` (the `[chatgate]` prefix left out). */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const keep =
    (level: string) =>
    (_prefix: unknown, ...args: unknown[]) =>
      lines.push(
        [level, ...args.map((arg) => (typeof arg === 'string' ? arg : typeof arg))].join(' '),
      )
  return {
    lines,
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
  }
}

/** Lets promise callbacks run, but no socket: nothing from the network arrives meanwhile. */
async function microtasksUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await Promise.resolve()
  expect(done()).toBe(true)
}

/** Runs every promise callback due, chains of them too (no timer, no socket). */
const settleCallbacks = () => new Promise((resolve) => setImmediate(resolve))

test('the log tells a session’s life: ready, lost, resumed, kicked (at info and warn)', async () => {
  const proxy = await startTcpProxy(live.server.port)
  const { logger, lines } = recordingLogger()
  const chat = new Chat(live.options({ url: proxy.wsUrl, logLevel: 0, logger }))
  const sig = await live.sign('logged_life')
  await chat.login({ userID: 'logged_life', userSig: sig })
  expect(lines).toContain('info ready logged_life')

  proxy.cut()
  await vi.waitFor(() => expect(lines).toContain('info resumed logged_life'))
  expect(lines).toContain('warn lost')

  // Two web instances are allowed: a third login displaces the oldest, this one.
  const others = [new Chat(live.options()), new Chat(live.options())]
  for (const other of others) await other.login({ userID: 'logged_life', userSig: sig })
  await vi.waitFor(() => expect(chat.isReady()).toBe(false))
  expect(lines).toContain('warn kicked multipleAccount')
  for (const other of [chat, ...others]) await other.destroy()
  await proxy.close()
})

test('a live socket the server closes with a stop code (4010) ends the session with ERROR; the refusals before it show', async () => {
  // One request a second, a burst of 4: a client that floods is refused, then closed.
  const server = await startDevServer({
    config: { limits: { requestsPerSecond: 1, requestBurst: 4 } },
    server: { logLevel: 'silent' },
  })
  const sockets: WebSocket[] = []
  class KeptWebSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      sockets.push(this)
    }
  }
  const { logger, lines } = recordingLogger()
  const chat = new Chat(
    server.clientOptions({ WebSocket: KeptWebSocket, logLevel: 0, logger, timers: manualTimers() }),
  )
  await chat.login({ userID: 'flooder', userSig: await server.sign('flooder') })
  const errors: (number | undefined)[] = []
  chat.subscribe(() => errors.push(chat.getSnapshot().error?.code))
  const events = recordEvents(chat)

  // Pings no request of the client waits for: their refusals are frames of the connection.
  for (let seq = 1000; seq < 1020; seq++) sockets[0]!.send(JSON.stringify({ op: 'ping', seq }))
  await vi.waitFor(() => expect(chat.getLoginStatus()).toBe(3))

  expect(errors).toContain(ERROR_CODES.TOO_MANY_REQUESTS)
  expect(chat.getSnapshot().error).toMatchObject({
    code: NETWORK_ERROR,
    message: `Closed: ${CLOSE_CODES.TOO_MANY_REQUESTS}`,
  })
  expect(events).toContain('error:2800')
  expect(events).toContain('sdkStateNotReady')
  expect(lines).toContain('error ended object')
  await chat.destroy()
  await server.close()
})

test('a logout while the login is on the wire logs the admitted session out: offline at once', async () => {
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
  const login = chat.login({ userID: 'quick_leaver', userSig: await live.sign('quick_leaver') })
  const settled = login.catch((error: unknown) => error)
  await chat.logout()

  expect(await settled).toMatchObject({ code: NOT_READY_LOGGED_OUT })
  expect(counter.ops('logout')).toBe(1)
  // Told, not left to its grace period (60 s).
  expect(await live.status('quick_leaver')).toBe('Offline')
  await chat.destroy()
})

test('a logout while a refused login is on the wire sends no logout: there is no session', async () => {
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
  const login = chat.login({ userID: 'refused_leaver', userSig: await live.sign('someone_else') })
  const settled = login.catch((error: unknown) => error)
  await chat.logout()

  expect(await settled).toMatchObject({ code: NOT_READY_LOGGED_OUT })
  expect(counter.ops('login')).toBe(1)
  expect(counter.ops('logout')).toBe(0)
  await chat.destroy()
})

test('a reply that comes after its request timed out shows in the snapshot (its error)', async () => {
  const timers = manualTimers()
  const chat = new Chat(live.options({ timers, heartbeat: NO_HEARTBEAT }))
  await chat.login({ userID: 'late_reply', userSig: await live.sign('late_reply') })

  // The request times out before any reply can arrive: its refusal comes unasked.
  const renewal = chat.renewUserSig(await live.sign('not_late_reply')).catch((e: unknown) => e)
  await microtasksUntil(() => timers.pending > 0)
  timers.advance(15_000)
  expect(await renewal).toMatchObject({ code: REQUEST_TIMEOUT })
  await vi.waitFor(() =>
    expect(chat.getSnapshot().error?.code).toBe(ERROR_CODES.USER_SIG_USER_ID_MISMATCH),
  )
  await chat.destroy()
})

test('a late reply that arrives once logged out (on the socket kept to log out) is not heard', async () => {
  const timers = manualTimers()
  const chat = new Chat(live.options({ timers, heartbeat: NO_HEARTBEAT }))
  await chat.login({ userID: 'later_reply', userSig: await live.sign('later_reply') })
  const changes: unknown[] = []

  const renewal = chat.renewUserSig(await live.sign('not_later_reply')).catch((e: unknown) => e)
  await microtasksUntil(() => timers.pending > 0)
  timers.advance(15_000)
  expect(await renewal).toMatchObject({ code: REQUEST_TIMEOUT })
  // The logout goes out behind the renewal; its refusal arrives while logging out.
  const logout = chat.logout()
  chat.subscribe(() => changes.push(chat.getSnapshot()))
  await logout
  expect(changes).toEqual([])
  expect(chat.getSnapshot().error).toBe(null)
  await chat.destroy()
})

test('a renewal answered after the logout changes nothing: no expiry timer, no expiry in the snapshot', async () => {
  const timers = manualTimers()
  const chat = new Chat(live.options({ timers, heartbeat: NO_HEARTBEAT }))
  await chat.login({ userID: 'late_renewal', userSig: await live.sign('late_renewal') })
  const newSig = await live.sign('late_renewal', 7200)
  const events = recordEvents(chat)

  // The renewal goes out first; the logout is on the wire behind it.
  const renewal = chat.renewUserSig(newSig).catch((error: unknown) => error)
  await chat.logout()
  await renewal

  expect(chat.getSnapshot().userSigExpiresAt).toBe(null)
  expect(events).not.toContain('userSigRenewed')
  expect(timers.pending).toBe(0)
  await chat.destroy()
})

test('getUserSig failing is logged and raises ERROR; failing after the logout raises nothing', async () => {
  const timers = manualTimers()
  const { logger, lines } = recordingLogger()
  let fail: ((error: Error) => void) | undefined
  const getUserSig = () => new Promise<string>((_, reject) => (fail = reject))
  const asked = async () => {
    fail = undefined
    await microtasksUntil(() => fail !== undefined)
    return fail!
  }
  const chat = new Chat(live.options({ timers, heartbeat: NO_HEARTBEAT, logLevel: 0, logger }))
  const events = recordEvents(chat)
  const login = async (userID: string) =>
    chat.login({ userID, userSig: await live.sign(userID, 3600), getUserSig })

  await login('failing_sig')
  timers.advance(timers.nextIn!)
  expect(events).toContain('userSigExpiring')
  ;(await asked())(new Error('no sig today'))
  await vi.waitFor(() => expect(events).toContain(`error:${CLIENT_USER_SIG_EXPIRED}`))
  expect(lines).toContain('error renew failed object')

  await chat.logout()
  await login('failing_late')
  timers.advance(timers.nextIn!)
  const failLate = await asked()
  await chat.logout()
  events.length = 0
  failLate(new Error('too late'))
  await settleCallbacks()
  expect(events).toEqual([])
  expect(chat.getSnapshot().error).toBe(null)
  await chat.destroy()
})

test('the network coming back while live changes nothing: same socket, no event', async () => {
  let goOnline = () => {}
  const counter = countingWebSocket()
  const timers = manualTimers()
  const chat = new Chat(
    live.options({
      WebSocket: counter.WebSocket,
      timers,
      heartbeat: NO_HEARTBEAT,
      watchNetwork: (onOnline: () => void) => {
        goOnline = onOnline
        return () => {}
      },
    }),
  )
  await chat.login({ userID: 'online_live', userSig: await live.sign('online_live') })
  const events = recordEvents(chat)

  goOnline()
  timers.advance(1000)

  expect(events).toEqual([])
  expect(counter.sockets).toBe(1)
  expect(chat.isReady()).toBe(true)
  await chat.destroy()
})
