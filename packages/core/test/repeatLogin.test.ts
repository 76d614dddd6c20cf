import { Chat } from '@chatgate/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

test('a second login of the same UserID while logged in resolves repeatLogin and emits nothing (rule 5)', async () => {
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
  const userSig = await live.sign('repeat_user')
  await chat.login({ userID: 'repeat_user', userSig })
  const events = recordEvents(chat)
  const before = chat.getSnapshot()

  const response = await chat.login({ userID: 'repeat_user', userSig })

  expect(response.data.repeatLogin).toBe(true)
  expect(response.data.errorInfo).toEqual(expect.any(String))
  expect(events).toEqual([])
  expect(chat.getSnapshot()).toBe(before)
  expect(counter.ops('login')).toBe(1)
  expect(counter.sockets).toBe(1)
  await chat.destroy()
})

test('the same login while in flight returns the same promise; one login frame goes out (rule 5)', async () => {
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
  const userSig = await live.sign('strict_user')
  const events = recordEvents(chat)

  // What React StrictMode does: the effect runs, is cleaned up, and runs again.
  const first = chat.login({ userID: 'strict_user', userSig })
  const second = chat.login({ userID: 'strict_user', userSig })

  expect(second).toBe(first)
  await expect(first).resolves.toEqual({ code: 0, data: { repeatLogin: false } })
  expect(counter.ops('login')).toBe(1)
  expect(counter.sockets).toBe(1)
  expect(events.filter((name) => name === 'sdkStateReady')).toHaveLength(1)
  await chat.destroy()
})
