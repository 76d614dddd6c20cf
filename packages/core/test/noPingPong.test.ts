import { Chat } from '@chatgate/core'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { countingWebSocket, recordEvents, sleep } from './helpers/recorder.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer({ maxWeb: 1 })
})
afterAll(() => live.close())

test('rule 17: a client kicked by a newer login never reconnects or logs in by itself', async () => {
  const older = countingWebSocket()
  const a = new Chat(live.options({ WebSocket: older.WebSocket }))
  await a.login({ userID: 'pingpong', userSig: await live.sign('pingpong') })
  const aEvents = recordEvents(a)

  const b = new Chat(live.options())
  await b.login({ userID: 'pingpong', userSig: await live.sign('pingpong') })
  const bEvents = recordEvents(b)
  await vi.waitFor(() => expect(aEvents).toContain('kickedOut:multipleAccount'))

  // Many backoff periods (5–40 ms here) later: nothing more from A, B undisturbed.
  await sleep(300)
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

test('rule 17: after the admin REST kick the client stays logged out', async () => {
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
  await chat.login({ userID: 'rest_kicked', userSig: await live.sign('rest_kicked') })
  const events = recordEvents(chat)

  await live.kick('rest_kicked')
  await vi.waitFor(() => expect(events).toContain('kickedOut:REST_API_Kick'))
  await sleep(300)

  expect(counter.sockets).toBe(1)
  expect(chat.getLoginStatus()).toBe(3)
  expect(await live.status('rest_kicked')).toBe('Offline')
})
