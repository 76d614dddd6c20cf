import { Chat } from '@chatgate/core'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { manualTimers } from './helpers/manualTimers.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer({ maxWeb: 1 })
})
afterAll(() => live.close())

test('a client kicked by a newer login never reconnects or logs in by itself (rule 17)', async () => {
  const older = countingWebSocket()
  const timers = manualTimers()
  const a = new Chat(live.options({ WebSocket: older.WebSocket, timers }))
  await a.login({ userID: 'pingpong', userSig: await live.sign('pingpong') })
  const aEvents = recordEvents(a)

  const b = new Chat(live.options())
  await b.login({ userID: 'pingpong', userSig: await live.sign('pingpong') })
  const bEvents = recordEvents(b)
  await vi.waitFor(() => expect(aEvents).toContain('kickedOut:multipleAccount'))

  // A has nothing scheduled; an hour of its time (many backoff periods of 5–40 ms here)
  // later nothing more came from A, and B is undisturbed.
  expect(timers.pending).toBe(0)
  timers.advance(3_600_000)
  expect(older.sockets).toBe(1)
  expect(older.ops('login')).toBe(1)
  expect(aEvents).toEqual([
    'kickedOut:multipleAccount',
    'sdkStateNotReady',
    'netStateChange:disconnected',
  ])
  expect(b.isReady()).toBe(true)
  expect(bEvents).toEqual([])
  await b.destroy()
})

test('after the admin REST kick the client stays logged out (rule 17)', async () => {
  const counter = countingWebSocket()
  const timers = manualTimers()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket, timers }))
  await chat.login({ userID: 'rest_kicked', userSig: await live.sign('rest_kicked') })
  const events = recordEvents(chat)

  await live.kick('rest_kicked')
  await vi.waitFor(() => expect(events).toContain('kickedOut:REST_API_Kick'))
  expect(timers.pending).toBe(0)
  timers.advance(3_600_000)

  expect(counter.sockets).toBe(1)
  expect(chat.getLoginStatus()).toBe(3)
  expect(await live.status('rest_kicked')).toBe('Offline')
})
