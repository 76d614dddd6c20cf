import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterEach, expect, test, vi } from 'vitest'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'

let live: LiveServer
afterEach(() => live.close())

const HOUR_MS = 3_600_000

test('USER_SIG_EXPIRING fires renewBeforeMs before the UserSig expires (rule 14)', async () => {
  live = await startLiveServer()
  // Warn when less than an hour minus 200 ms is left of a one-hour sig: about now.
  const renewBeforeMs = HOUR_MS - 200
  const chat = new Chat(live.options({ renewBeforeMs }))
  const warnings: { expiresAt: number; at: number }[] = []
  chat.on(Chat.EVENT.USER_SIG_EXPIRING, (event) => warnings.push({ ...event.data, at: Date.now() }))
  await chat.login({ userID: 'expiring', userSig: await live.sign('expiring', 3600) })
  const expiresAt = chat.getSnapshot().userSigExpiresAt!

  await vi.waitFor(() => expect(warnings).toHaveLength(1), { timeout: 5000 })
  expect(warnings[0]?.expiresAt).toBe(expiresAt)
  expect(warnings[0]?.at).toBeGreaterThanOrEqual(expiresAt - renewBeforeMs)
  expect(warnings[0]?.at).toBeLessThan(expiresAt)
  await chat.destroy()
})

test('renewUserSig replaces the sig in place: same socket, no SDK_READY, later expiry (rule 14)', async () => {
  live = await startLiveServer()
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
  await chat.login({ userID: 'renewer', userSig: await live.sign('renewer', 600) })
  const before = chat.getSnapshot().userSigExpiresAt!
  const events = recordEvents(chat)

  const response = await chat.renewUserSig(await live.sign('renewer', 7200))

  expect(response.data.expiresAt).toBeGreaterThan(before + HOUR_MS)
  expect(chat.getSnapshot().userSigExpiresAt).toBe(response.data.expiresAt)
  expect(events).toEqual([])
  expect(counter.sockets).toBe(1)
  expect(counter.ops('renew')).toBe(1)
})

test('a refused renewal rejects with the server code and leaves the session as it was (rule 14)', async () => {
  live = await startLiveServer()
  const chat = new Chat(live.options())
  await chat.login({ userID: 'renew_bad', userSig: await live.sign('renew_bad') })
  const before = chat.getSnapshot()

  await expect(chat.renewUserSig(await live.sign('someone_else'))).rejects.toEqual(
    chatErrorLike({ code: ERROR_CODES.USER_SIG_USER_ID_MISMATCH, message: expect.any(String) }),
  )
  await expect(chat.renewUserSig('')).rejects.toMatchObject({
    code: ERROR_CODES.USER_SIG_MISSING,
  })
  expect(chat.getSnapshot()).toBe(before)
  expect(chat.isReady()).toBe(true)
  await chat.destroy()
})

test('with getUserSig the client renews by itself before expiry, without reconnecting (rule 14)', async () => {
  live = await startLiveServer()
  const counter = countingWebSocket()
  const chat = new Chat(
    live.options({ WebSocket: counter.WebSocket, renewBeforeMs: HOUR_MS - 200 }),
  )
  const getUserSig = vi.fn(() => live.sign('self_renewer', 7200))
  await chat.login({
    userID: 'self_renewer',
    userSig: await live.sign('self_renewer', 3600),
    getUserSig,
  })
  const first = chat.getSnapshot().userSigExpiresAt!
  const events = recordEvents(chat)

  await vi.waitFor(
    () => expect(chat.getSnapshot().userSigExpiresAt).toBeGreaterThan(first + HOUR_MS / 2),
    { timeout: 5000 },
  )
  expect(getUserSig).toHaveBeenCalledTimes(1)
  expect(getUserSig).toHaveBeenCalledWith('self_renewer')
  expect(events).toEqual(['userSigExpiring'])
  expect(counter.sockets).toBe(1)
  expect(counter.ops('renew')).toBe(1)
  await chat.destroy()
})

test('a sig that runs out unrenewed gets the userSigExpired kick; renewing is refused after (rule 14)', async () => {
  let skewMs = 0
  live = await startLiveServer({ server: { now: () => Date.now() + skewMs, sweepIntervalMs: 10 } })
  const chat = new Chat(live.options())
  const userSig = await live.sign('lapsed', 60)
  await chat.login({ userID: 'lapsed', userSig })
  const events = recordEvents(chat)

  skewMs = 61_000 // the server's clock passes the sig's expiry
  await vi.waitFor(() => expect(events).toContain('kickedOut:userSigExpired'), { timeout: 5000 })

  // A one-minute sig is within the default warning window from the start.
  expect(events.filter((name) => name !== 'userSigExpiring').slice(0, 2)).toEqual([
    'kickedOut:userSigExpired',
    'sdkStateNotReady',
  ])
  await expect(chat.renewUserSig(userSig)).rejects.toMatchObject({
    code: ERROR_CODES.NOT_READY_USER_SIG_EXPIRED,
  })
})
