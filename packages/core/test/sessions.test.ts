/**
 * The user's session list from the client (rule 33): getSessions, endSession and
 * endOtherSessions over the live connection, against the real server, and the `by` of
 * the kicks they and a login past the limit cause.
 */
import { Chat, type ChatOptions } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'
import { startTcpProxy } from './helpers/tcpProxy.js'

let live: LiveServer
const chats: Chat[] = []
beforeAll(async () => {
  // Three web pages per user, and every platform together.
  live = await startLiveServer({ maxWeb: 3 })
})
afterEach(async () => {
  await Promise.all(chats.splice(0).map((chat) => chat.destroy()))
})
afterAll(() => live.close())

/** A logged-in client of `userID`, on `platform`, named `device`. */
async function loggedIn(userID: string, device?: string, options: Partial<ChatOptions> = {}) {
  const chat = new Chat(live.options(options))
  chats.push(chat)
  await chat.login({ userID, userSig: await live.sign(userID), device })
  return chat
}

/** What a KICKED_OUT handler receives, and the events in order. */
function kickedOutData(chat: Chat) {
  const data: unknown[] = []
  chat.on(Chat.EVENT.KICKED_OUT, (event) => data.push(event.data))
  return data
}

describe('getSessions', () => {
  test("lists the user's sessions on every platform, this one current, nobody else's", async () => {
    const laptop = await loggedIn('lister', 'Firefox on Linux')
    await loggedIn('lister', "Lister's Mac", { platform: 'macos' })
    await loggedIn('someone_else', 'Chrome on Windows')
    const before = Date.now()

    const { code, data } = await laptop.getSessions()

    expect(code).toBe(0)
    expect(data.sessions).toHaveLength(2)
    const byDevice = Object.fromEntries(data.sessions.map((s) => [s.device, s]))
    expect(byDevice['Firefox on Linux']).toMatchObject({ platform: 'web', current: true })
    expect(byDevice["Lister's Mac"]).toMatchObject({ platform: 'macos', current: false })
    for (const session of data.sessions) {
      expect(Object.keys(session).sort()).toEqual(
        [
          'address',
          'current',
          'device',
          'lastActiveTime',
          'loginTime',
          'platform',
          'sessionID',
        ].sort(),
      )
      expect(session.sessionID).toMatch(/^\S{1,64}$/)
      expect(session.address).toBe('127.0.0.1')
      expect(session.loginTime).toBeLessThanOrEqual(before)
      expect(session.lastActiveTime).toBeGreaterThanOrEqual(session.loginTime)
    }
  })

  test('a login that names no device is listed with device ""', async () => {
    // Node has no user agent: there is no default label to send.
    const bare = await loggedIn('unnamed')
    const { data } = await bare.getSessions()
    expect(data.sessions).toEqual([expect.objectContaining({ device: '', current: true })])
  })
})

describe('endSession', () => {
  test('ends another session: it gets KICKED_OUT sessionEnded with by, then 90018 (rule 33)', async () => {
    const phone = await loggedIn('ender', 'Safari on iPhone', { platform: 'iphone' })
    const desk = await loggedIn('ender', 'Chrome on Windows')
    const phoneEvents = recordEvents(phone)
    const phoneKick = kickedOutData(phone)
    const other = (await desk.getSessions()).data.sessions.find((s) => !s.current)!

    const answer = await desk.endSession(other.sessionID)

    expect(answer).toEqual({ code: 0, data: { ended: 1 } })
    await vi.waitFor(() => expect(phoneEvents).toContain('sdkStateNotReady'))
    expect(phoneEvents).toEqual([
      'kickedOut:sessionEnded',
      'sdkStateNotReady',
      'netStateChange:disconnected',
    ])
    expect(phoneKick).toEqual([
      { type: 'sessionEnded', by: { platform: 'web', device: 'Chrome on Windows' } },
    ])
    expect(phone.getSnapshot().kick).toMatchObject({
      type: 'sessionEnded',
      userID: 'ender',
      by: { platform: 'web', device: 'Chrome on Windows' },
    })
    // Calls that need a ready SDK reject with the not-ready code of this kick (rule 9).
    await expect(phone.getSessions()).rejects.toEqual(
      chatErrorLike({ code: ERROR_CODES.NOT_READY_SESSION_ENDED, message: expect.any(String) }),
    )
    const left = (await desk.getSessions()).data.sessions
    expect(left.map((s) => s.device)).toEqual(['Chrome on Windows'])
    expect(desk.isReady()).toBe(true)
  })

  test("another user's sessionID, a forged one and an ended one: 90019, nothing changes", async () => {
    const mine = await loggedIn('owner', 'Mine')
    const theirs = await loggedIn('stranger', 'Theirs')
    const theirID = (await theirs.getSessions()).data.sessions[0]!.sessionID
    const noSuchSession = chatErrorLike({
      code: ERROR_CODES.NO_SUCH_SESSION,
      message: expect.any(String),
    })

    await expect(mine.endSession(theirID)).rejects.toEqual(noSuchSession)
    await expect(mine.endSession('x'.repeat(64))).rejects.toEqual(noSuchSession)
    expect(theirs.isReady()).toBe(true)
    expect((await theirs.getSessions()).data.sessions).toHaveLength(1)
  })

  test('its own sessionID: 90020, and the session goes on (log out instead)', async () => {
    const chat = await loggedIn('self_ender', 'Here')
    const own = (await chat.getSessions()).data.sessions[0]!.sessionID
    await expect(chat.endSession(own)).rejects.toEqual(
      chatErrorLike({ code: ERROR_CODES.CURRENT_SESSION, message: expect.any(String) }),
    )
    expect(chat.isReady()).toBe(true)
  })

  test.each([
    ['empty', ''],
    ['too long', 'x'.repeat(65)],
    ['a number', 42],
    ['missing', undefined],
  ])('a sessionID %s rejects 6017 and sends nothing', async (_, sessionID) => {
    const counter = countingWebSocket()
    const chat = await loggedIn('bad_ids', undefined, { WebSocket: counter.WebSocket })
    const sent = counter.frames.length
    await expect(chat.endSession(sessionID as string)).rejects.toEqual(
      chatErrorLike({ code: ERROR_CODES.INVALID_PARAMETERS, message: expect.any(String) }),
    )
    expect(counter.frames.length).toBe(sent)
  })
})

describe('endOtherSessions', () => {
  test('ends every other session of the user, each kicked with by; counts them', async () => {
    const keeper = await loggedIn('many', 'Keeper')
    const others = [
      await loggedIn('many', 'Tab two'),
      await loggedIn('many', undefined, { platform: 'android' }),
    ]
    const bystander = await loggedIn('not_many', 'Bystander')
    const kicks = others.map(kickedOutData)

    expect(await keeper.endOtherSessions()).toEqual({ code: 0, data: { ended: 2 } })

    await vi.waitFor(() => expect(others.every((chat) => !chat.isReady())).toBe(true))
    for (const data of kicks) {
      expect(data).toEqual([{ type: 'sessionEnded', by: { platform: 'web', device: 'Keeper' } }])
    }
    expect(keeper.isReady()).toBe(true)
    expect(bystander.isReady()).toBe(true)
    expect((await keeper.getSessions()).data.sessions).toEqual([
      expect.objectContaining({ device: 'Keeper', current: true }),
    ])
    expect(await keeper.endOtherSessions()).toEqual({ code: 0, data: { ended: 0 } })
  })
})

describe('a login past the limit', () => {
  test('kicks the earliest with by: the new login (rule 12, rule 33)', async () => {
    const first = await loggedIn('crowded', 'Oldest')
    await loggedIn('crowded', 'Middle')
    await loggedIn('crowded', 'Newest')
    const kick = kickedOutData(first)

    await loggedIn('crowded', 'Fourth')

    await vi.waitFor(() => expect(kick).toHaveLength(1))
    expect(kick[0]).toEqual({ type: 'multipleAccount', by: { platform: 'web', device: 'Fourth' } })
    expect(first.getSnapshot().kick?.by).toEqual({ platform: 'web', device: 'Fourth' })
  })

  test('by a login that named no device: by.device is ""', async () => {
    const first = await loggedIn('crowded_anon', 'Oldest')
    await loggedIn('crowded_anon')
    await loggedIn('crowded_anon')
    const kick = kickedOutData(first)
    await loggedIn('crowded_anon')
    await vi.waitFor(() => expect(kick).toHaveLength(1))
    expect(kick[0]).toEqual({ type: 'multipleAccount', by: { platform: 'web', device: '' } })
  })

  test("the admin's kick has no by: KICKED_OUT's data is Tencent's { type } alone", async () => {
    const chat = await loggedIn('admin_kicked', 'Somewhere')
    const kick = kickedOutData(chat)
    await live.kick('admin_kicked')
    await vi.waitFor(() => expect(kick).toHaveLength(1))
    expect(kick[0]).toStrictEqual({ type: 'REST_API_Kick' })
    expect(chat.getSnapshot().kick?.by).toBeUndefined()
  })
})

describe('calls that need a ready SDK (rule 9)', () => {
  test('before login they reject 2024 and open no socket', async () => {
    const counter = countingWebSocket()
    const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
    const notLoggedIn = chatErrorLike({
      code: ERROR_CODES.NOT_LOGGED_IN,
      message: expect.any(String),
    })
    await expect(chat.getSessions()).rejects.toEqual(notLoggedIn)
    await expect(chat.endSession('abc')).rejects.toEqual(notLoggedIn)
    await expect(chat.endOtherSessions()).rejects.toEqual(notLoggedIn)
    expect(counter.sockets).toBe(0)
  })

  test('while logging in they reject 3000; after logout 3005; destroyed 90009', async () => {
    const chat = new Chat(live.options())
    const login = chat.login({ userID: 'not_ready', userSig: await live.sign('not_ready') })
    await expect(chat.getSessions()).rejects.toMatchObject({
      code: ERROR_CODES.NOT_READY_LOGGING_IN,
    })
    await login
    await chat.logout()
    await expect(chat.endOtherSessions()).rejects.toMatchObject({
      code: ERROR_CODES.NOT_READY_LOGGED_OUT,
    })
    await chat.destroy()
    await expect(chat.endSession('abc')).rejects.toMatchObject({
      code: ERROR_CODES.CLIENT_DESTROYED,
    })
  })

  test('a server refusal rejects as a ChatError with its code and message', async () => {
    // Past its request rate the server answers 90012 (rule 21): the rejection carries it.
    const chat = await loggedIn('flooder')
    const answers = await Promise.allSettled(Array.from({ length: 40 }, () => chat.getSessions()))
    const refused = answers.find((a) => a.status === 'rejected') as PromiseRejectedResult
    expect(refused?.reason).toEqual(
      chatErrorLike({ code: ERROR_CODES.TOO_MANY_REQUESTS, message: expect.any(String) }),
    )
  })
})

describe('a dropped session (in its grace period)', () => {
  test('is listed, can be ended, and its reconnect gets KICKED_OUT sessionEnded with by', async () => {
    const proxy = await startTcpProxy(live.server.port)
    try {
      const away = await loggedIn('roaming', 'On the train', { url: proxy.wsUrl })
      const events = recordEvents(away)
      const kick = kickedOutData(away)
      proxy.block()
      await vi.waitFor(() => expect(events).toContain('netStateChange:connecting'))

      const home = await loggedIn('roaming', 'At home')
      const listed = (await home.getSessions()).data.sessions
      const dropped = listed.find((s) => s.device === 'On the train')!
      expect(dropped).toMatchObject({ current: false })
      expect(await home.endSession(dropped.sessionID)).toEqual({ code: 0, data: { ended: 1 } })

      proxy.unblock()
      await vi.waitFor(() => expect(kick).toHaveLength(1), { timeout: 5000 })
      expect(kick[0]).toEqual({ type: 'sessionEnded', by: { platform: 'web', device: 'At home' } })
      expect(away.getLoginStatus()).toBe(3)
      expect((await home.getSessions()).data.sessions).toHaveLength(1)
    } finally {
      await proxy.close()
    }
  })
})
