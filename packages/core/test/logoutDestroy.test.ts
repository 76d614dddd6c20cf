import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { recordEvents, sleep } from './helpers/recorder.js'

let live: LiveServer
beforeAll(async () => {
  // Two web instances per user; a dropped session would keep its slot for 60 s.
  live = await startLiveServer({ maxWeb: 2 })
})
afterAll(() => live.close())

test('logout emits SDK_NOT_READY before it resolves and frees the slot at once (rule 8)', async () => {
  const chat = new Chat(live.options())
  await chat.login({ userID: 'logout_user', userSig: await live.sign('logout_user') })
  const events = recordEvents(chat)

  const logout = chat.logout().then(() => events.push('resolved'))
  await logout

  expect(events).toEqual(['sdkStateNotReady', 'netStateChange:disconnected', 'resolved'])
  expect(chat.isReady()).toBe(false)
  // Offline now, not after the grace period: the server was told, not just left.
  expect(await live.status('logout_user')).toBe('Offline')
  await chat.destroy()
})

test('logging out one instance leaves the other instances of the account untouched (rule 8)', async () => {
  const sig = await live.sign('two_pages')
  const a1 = new Chat(live.options())
  const a2 = new Chat(live.options())
  await a1.login({ userID: 'two_pages', userSig: sig })
  await a2.login({ userID: 'two_pages', userSig: sig })
  const a2Events = recordEvents(a2)

  await a1.logout()
  // A request's reply comes after anything the server pushed to a2 before (the socket is
  // ordered); a1's session is gone from its list.
  const { data } = await a2.getSessions()
  expect(data.sessions.map((s) => s.current)).toEqual([true])

  expect(a2.isReady()).toBe(true)
  expect(a2Events).toEqual([])
  expect(await live.status('two_pages')).toBe('Online')
  await a2.destroy()
  expect(await live.status('two_pages')).toBe('Offline')
})

test('destroy logs out, emits SDK_DESTROY with the SDKAppID, drops listeners; later calls reject 90009 (rule 8)', async () => {
  const chat = new Chat(live.options())
  await chat.login({ userID: 'destroy_user', userSig: await live.sign('destroy_user') })
  const events = recordEvents(chat)
  const destroyed: unknown[] = []
  chat.on(Chat.EVENT.SDK_DESTROY, (event) => destroyed.push(event.data))
  let notified = 0
  chat.subscribe(() => notified++)

  await chat.destroy()

  expect(events).toEqual(['sdkStateNotReady', 'netStateChange:disconnected', 'sdkDestroy'])
  expect(destroyed).toEqual([{ SDKAppID: live.options().SDKAppID }])
  expect(await live.status('destroy_user')).toBe('Offline')
  const destroyedError = chatErrorLike({
    code: ERROR_CODES.CLIENT_DESTROYED,
    message: expect.any(String),
  })
  const sig = await live.sign('destroy_user')
  await expect(chat.login({ userID: 'destroy_user', userSig: sig })).rejects.toEqual(destroyedError)
  await expect(chat.logout()).rejects.toEqual(destroyedError)
  await expect(chat.renewUserSig(sig)).rejects.toEqual(destroyedError)
  // Rule 28: a second destroy() resolves (it used to reject 90009), as TencentCloudChat's
  // sample `chat.destroy()` must never become an unhandled rejection.
  await expect(chat.destroy()).resolves.toEqual({ code: 0, data: {} })
  const seen = [events.length, notified]
  expect(seen).toEqual([3, 1])
})

test('destroy during a login in flight rejects that login with 90009 and logs nobody in (rule 8)', async () => {
  const chat = new Chat(live.options())
  const login = chat.login({ userID: 'destroy_early', userSig: await live.sign('destroy_early') })
  // Handled from the start: the login may reject before destroy() resolves.
  const refused = expect(login).rejects.toMatchObject({ code: ERROR_CODES.CLIENT_DESTROYED })
  await chat.destroy()
  await refused
  await sleep(50)
  expect(await live.status('destroy_early')).toBe('Offline')
})
