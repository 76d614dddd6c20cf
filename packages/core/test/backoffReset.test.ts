import { Chat } from '@chatgate/core'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { manualTimers } from './helpers/manualTimers.js'
import { countingWebSocket } from './helpers/recorder.js'
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy.js'

let live: LiveServer
let proxy: TcpProxy
beforeAll(async () => {
  live = await startLiveServer()
  proxy = await startTcpProxy(live.server.port)
})
afterAll(async () => {
  await proxy.close()
  await live.close()
})

test('going live again resets the backoff: the next drop waits the first, shortest delay (rule 15)', async () => {
  const timers = manualTimers()
  const counter = countingWebSocket()
  // random 0.5: attempt n waits exactly half its ceiling, 500 ms · 2^n.
  const chat = new Chat(
    live.options({
      url: proxy.wsUrl,
      WebSocket: counter.WebSocket,
      timers,
      random: () => 0.5,
      backoff: { minMs: 1000, maxMs: 600_000 },
    }),
  )
  await chat.login({ userID: 'backoff_reset', userSig: await live.sign('backoff_reset') })
  const netState = () => chat.getSnapshot().netState

  // The network goes: the first attempt waits 500 ms, and each failed one doubles the wait.
  proxy.block()
  await vi.waitFor(() => expect(netState()).toBe('connecting'))
  for (const delay of [500, 1000, 2000, 4000]) {
    const sockets = counter.sockets
    timers.advance(delay - 1)
    expect(counter.sockets).toBe(sockets)
    timers.advance(1)
    expect(counter.sockets).toBe(sockets + 1)
    await vi.waitFor(() => expect(netState()).toBe('disconnected'))
  }

  // Back after the fifth wait (8 s): live again on the same session.
  proxy.unblock()
  timers.advance(8000)
  await vi.waitFor(() => expect(netState()).toBe('connected'))

  // The next drop starts again from the first delay, not from 16 s.
  const sockets = counter.sockets
  proxy.cut()
  await vi.waitFor(() => expect(netState()).toBe('connecting'))
  timers.advance(499)
  expect(counter.sockets).toBe(sockets)
  timers.advance(1)
  expect(counter.sockets).toBe(sockets + 1)
  await vi.waitFor(() => expect(netState()).toBe('connected'))
  expect(chat.isReady()).toBe(true)
  await chat.destroy()
})
