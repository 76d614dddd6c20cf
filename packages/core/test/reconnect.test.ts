import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { manualTimers } from './helpers/manualTimers.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy.js'

let live: LiveServer
let proxy: TcpProxy
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())
afterEach(() => proxy?.close())

async function loggedInThroughProxy(userID: string, extra = {}) {
  proxy = await startTcpProxy(live.server.port)
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ url: proxy.wsUrl, WebSocket: counter.WebSocket, ...extra }))
  await chat.login({ userID, userSig: await live.sign(userID) })
  return { chat, counter, events: recordEvents(chat) }
}

test('after a network cut the client reports connecting, reconnects and resumes without SDK_READY (rule 15)', async () => {
  const { chat, counter, events } = await loggedInThroughProxy('cut_user')

  proxy.cut()

  await vi.waitFor(() => expect(events).toContain('netStateChange:connected'), { timeout: 5000 })
  expect(events).toEqual(['netStateChange:connecting', 'netStateChange:connected'])
  expect(chat.isReady()).toBe(true)
  // The app never called login again; the client resumed the same server session.
  const logins = counter.frames.filter((frame) => frame.op === 'login')
  expect(logins).toHaveLength(2)
  expect(logins[1]?.resume).toEqual(expect.any(String))
  expect(logins[0]?.resume).toBeUndefined()
  expect(await live.status('cut_user')).toBe('Online')
  await chat.destroy()
})

test('while the network stays down it reports disconnected and keeps trying with backoff (rule 15)', async () => {
  const { chat, events } = await loggedInThroughProxy('down_user')

  proxy.block()
  await vi.waitFor(() => expect(proxy.accepted).toBeGreaterThanOrEqual(4), { timeout: 5000 })
  expect(events).toContain('netStateChange:disconnected')
  expect(chat.getSnapshot().netState).not.toBe('connected')
  expect(chat.isReady()).toBe(true) // still logged in: the session waits on the server

  proxy.unblock()
  await vi.waitFor(() => expect(chat.getSnapshot().netState).toBe('connected'), { timeout: 5000 })
  expect(events.filter((name) => name.startsWith('sdkState'))).toEqual([])
  await chat.destroy()
})

test('the environment going online again ends the backoff wait at once (rule 15)', async () => {
  let goOnline = () => {}
  let goOffline = () => {}
  const { chat, events } = await loggedInThroughProxy('online_user', {
    // A backoff of about a minute: only the online signal can bring the client back soon.
    backoff: { minMs: 60_000, maxMs: 60_000 },
    random: () => 0.99,
    watchNetwork: (onOnline: () => void, onOffline: () => void) => {
      goOnline = onOnline
      goOffline = onOffline
      return () => {}
    },
  })

  goOffline()
  expect(events).toEqual(['netStateChange:disconnected'])
  expect(chat.getSnapshot().netState).toBe('disconnected')

  goOnline()
  await vi.waitFor(() => expect(chat.getSnapshot().netState).toBe('connected'), { timeout: 5000 })
  expect(events).toEqual([
    'netStateChange:disconnected',
    'netStateChange:connecting',
    'netStateChange:connected',
  ])
  await chat.destroy()
})

test('a resume the server refuses (the UserSig ran out meanwhile) ends the session with ERROR, without retrying (rule 15)', async () => {
  let skewMs = 0
  // A slow sweep: the refusal must come from the resume itself, not an expiry kick.
  const ownServer = await startLiveServer({
    server: { now: () => Date.now() + skewMs, sweepIntervalMs: 60_000 },
  })
  proxy = await startTcpProxy(ownServer.server.port)
  const counter = countingWebSocket()
  const timers = manualTimers()
  const chat = new Chat(
    ownServer.options({ url: proxy.wsUrl, WebSocket: counter.WebSocket, timers }),
  )
  await chat.login({
    userID: 'refused_resume',
    userSig: await ownServer.sign('refused_resume', 600),
  })
  const events = recordEvents(chat)
  const errors: unknown[] = []
  chat.on(Chat.EVENT.ERROR, (event) => errors.push(event.data))

  proxy.block()
  await vi.waitFor(() => expect(events).toContain('netStateChange:connecting'), { timeout: 5000 })
  skewMs = 3_600_000
  proxy.unblock()
  timers.advance(1_000) // past the backoff (at most 40 ms here): the resume goes out

  await vi.waitFor(() => expect(events).toContain('sdkStateNotReady'), { timeout: 5000 })
  expect(errors).toEqual([
    chatErrorLike({ code: ERROR_CODES.USER_SIG_EXPIRED, message: expect.any(String) }),
  ])
  expect(chat.getLoginStatus()).toBe(3)
  expect(chat.getSnapshot().error?.code).toBe(ERROR_CODES.USER_SIG_EXPIRED)
  // Nothing scheduled, and an hour of the client's time later no new socket.
  const sockets = counter.sockets
  expect(timers.pending).toBe(0)
  timers.advance(3_600_000)
  expect(counter.sockets).toBe(sockets)
  await ownServer.close()
})
