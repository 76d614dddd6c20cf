import { Chat } from '@chatgate/core'
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest'
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
afterEach(() => proxy.close())

const heartbeat = { intervalMs: 20, timeoutMs: 40 }

test('the heartbeat finds a silent dead connection and the client resumes after it (rule 15)', async () => {
  proxy = await startTcpProxy(live.server.port)
  const counter = countingWebSocket()
  const chat = new Chat(
    live.options({
      url: proxy.wsUrl,
      WebSocket: counter.WebSocket,
      heartbeat,
      requestTimeoutMs: 500,
    }),
  )
  await chat.login({ userID: 'silent_link', userSig: await live.sign('silent_link') })
  const events = recordEvents(chat)

  // The socket stays open but nothing gets through: only a missing pong can tell.
  proxy.freeze()
  await vi.waitFor(() => expect(events).toContain('netStateChange:connecting'), { timeout: 5000 })

  proxy.unblock()
  await vi.waitFor(() => expect(chat.getSnapshot().netState).toBe('connected'), { timeout: 5000 })
  expect(events.filter((name) => name.startsWith('sdkState'))).toEqual([])
  expect(counter.frames.filter((frame) => frame.op === 'login').at(-1)?.resume).toEqual(
    expect.any(String),
  )
  await chat.destroy()
})

test('the heartbeat keeps pinging a healthy connection without disturbing it', async () => {
  proxy = await startTcpProxy(live.server.port)
  const timers = manualTimers()
  const counter = countingWebSocket()
  const beat = { intervalMs: 25_000, timeoutMs: 10_000 }
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket, heartbeat: beat, timers }))
  await chat.login({ userID: 'healthy_link', userSig: await live.sign('healthy_link') })
  const events = recordEvents(chat)

  // Each beat: the ping goes out and waits for its pong; the pong clears that deadline and
  // arms the next beat. Fake time: however slow the machine, no pong is ever late.
  for (let pings = 1; pings <= 4; pings++) {
    expect(timers.nextIn).toBe(beat.intervalMs)
    timers.advance(beat.intervalMs)
    expect(counter.ops('ping')).toBe(pings)
    expect(timers.nextIn).toBe(beat.timeoutMs)
    await vi.waitFor(() => expect(timers.nextIn).toBe(beat.intervalMs))
  }

  expect(events).toEqual([])
  expect(counter.sockets).toBe(1)
  await chat.destroy()
})
