import { Chat, type ChatSnapshot } from '@chatgate/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer({ maxWeb: 1 })
})
afterAll(() => live.close())

function watch(chat: Chat) {
  const seen: ChatSnapshot[] = []
  const unsubscribe = chat.subscribe(() => seen.push(chat.getSnapshot()))
  return { seen, unsubscribe }
}

test('the snapshot is one frozen object whose identity changes only when something changed', async () => {
  const chat = new Chat(live.options())
  const initial = chat.getSnapshot()
  expect(initial).toEqual({
    loginStatus: 3,
    userID: '',
    ready: false,
    netState: 'disconnected',
    kick: null,
    error: null,
    userSigExpiresAt: null,
  })
  expect(Object.isFrozen(initial)).toBe(true)
  expect(chat.getSnapshot()).toBe(initial)

  const { seen } = watch(chat)
  const userSig = await live.sign('snap_user')
  const login = chat.login({ userID: 'snap_user', userSig })
  expect(seen.at(-1)).toMatchObject({ loginStatus: 2, userID: 'snap_user', netState: 'connecting' })
  await login
  expect(seen.at(-1)).toMatchObject({ loginStatus: 1, ready: true, netState: 'connected' })
  expect(seen.at(-1)?.userSigExpiresAt).toEqual(expect.any(Number))
  expect(seen).toHaveLength(2)
  // Every notification carried a new object.
  expect(new Set([initial, ...seen]).size).toBe(3)

  // Nothing changed: no notification, same object.
  const ready = chat.getSnapshot()
  await chat.login({ userID: 'snap_user', userSig })
  expect(seen).toHaveLength(2)
  expect(chat.getSnapshot()).toBe(ready)
  await chat.destroy()
})

test('the snapshot keeps the last kick until the next login succeeds, and the last error', async () => {
  const chat = new Chat(live.options())
  const { seen, unsubscribe } = watch(chat)
  await chat.login({ userID: 'snap_kicked', userSig: await live.sign('snap_kicked') })

  const other = new Chat(live.options())
  await other.login({ userID: 'snap_kicked', userSig: await live.sign('snap_kicked') })
  await expect.poll(() => chat.getSnapshot().kick).not.toBeNull()
  const kicked = chat.getSnapshot()
  expect(kicked).toMatchObject({
    loginStatus: 3,
    userID: '',
    ready: false,
    netState: 'disconnected',
    kick: { type: 'multipleAccount', at: expect.any(Number) },
    userSigExpiresAt: null,
  })
  // The kick names who was kicked, since the snapshot's userID is '' by then.
  expect(kicked.kick?.userID).toBe('snap_kicked')

  await chat.login({ userID: 'snap_kicked', userSig: 'broken' }).catch(() => {})
  expect(chat.getSnapshot().kick).toEqual(kicked.kick)
  expect(chat.getSnapshot().error).toEqual(
    chatErrorLike({ code: expect.any(Number), message: expect.any(String) }),
  )

  await other.destroy()
  await chat.login({ userID: 'snap_kicked', userSig: await live.sign('snap_kicked') })
  expect(chat.getSnapshot().kick).toBeNull()
  expect(chat.getSnapshot().error).toBeNull()

  const count = seen.length
  unsubscribe()
  await chat.logout()
  expect(seen).toHaveLength(count)
  await chat.destroy()
})
