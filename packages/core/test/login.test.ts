import { type AddressInfo, createServer, type Socket } from 'node:net'
import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { WebSocketServer } from 'ws'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

describe('UserIDs are checked before any network traffic (rule 1)', () => {
  test.each([
    ['too long', 'a'.repeat(33)],
    ['a space', 'al ice'],
    ['a non-ASCII letter', 'alicé'],
    ['a dot', 'alice.smith'],
  ])('a UserID with %s rejects with 90006 and opens no socket (rule 1)', async (_, userID) => {
    const counter = countingWebSocket()
    const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
    await expect(chat.login({ userID, userSig: 'sig' })).rejects.toEqual(
      chatErrorLike({
        code: ERROR_CODES.USER_ID_INVALID,
        message: expect.stringContaining('1–32'),
      }),
    )
    expect(counter.sockets).toBe(0)
  })

  test('32 bytes of letters, digits, _ and - are accepted (rule 1)', async () => {
    const userID = `${'Az09_-'.repeat(5).slice(0, 30)}xy`
    const chat = new Chat(live.options())
    await chat.login({ userID, userSig: await live.sign(userID) })
    expect(chat.getLoginUser()).toBe(userID)
    await chat.destroy()
  })
})

describe('bad arguments reject, never throw (rule 4)', () => {
  test('missing userID rejects 2002, missing userSig 2003, both without a socket (rule 4)', async () => {
    const counter = countingWebSocket()
    const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
    const noUser = chat.login({ userSig: 'sig' } as never)
    const noSig = chat.login({ userID: 'alice' } as never)
    const nothing = chat.login(undefined as never)
    await expect(noUser).rejects.toMatchObject({ code: ERROR_CODES.USER_ID_MISSING })
    await expect(noSig).rejects.toMatchObject({ code: ERROR_CODES.USER_SIG_MISSING })
    await expect(nothing).rejects.toMatchObject({ code: ERROR_CODES.USER_ID_MISSING })
    expect(counter.sockets).toBe(0)
  })

  test('a client without SDKAppID is created; its login rejects 2000 (rule 4)', async () => {
    const chat = new Chat({ url: live.wsUrl } as never)
    await expect(chat.login({ userID: 'alice', userSig: 'sig' })).rejects.toEqual(
      chatErrorLike({ code: ERROR_CODES.SDK_APP_ID_MISSING, message: expect.any(String) }),
    )
    expect(() => new Chat(undefined as never)).not.toThrow()
  })

  test('without a WebSocket constructor the login rejects 6017 naming the fix (rule 4)', async () => {
    // Node 20 has no global WebSocket; newer Node has one, so take it away here.
    vi.stubGlobal('WebSocket', undefined)
    try {
      const chat = new Chat({ SDKAppID: 1, url: live.wsUrl })
      await expect(chat.login({ userID: 'alice', userSig: 'sig' })).rejects.toEqual(
        chatErrorLike({
          code: ERROR_CODES.INVALID_PARAMETERS,
          message: expect.stringContaining('WebSocket'),
        }),
      )
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('login resolves after SDK_READY (rule 4)', () => {
  test('SDK_READY is emitted before the promise resolves, and isReady() is true then (rule 4)', async () => {
    const chat = new Chat(live.options())
    const order: string[] = []
    chat.on(Chat.EVENT.SDK_READY, () => order.push(`ready:${chat.isReady()}`))
    const response = await chat.login({
      userID: 'ready_user',
      userSig: await live.sign('ready_user'),
    })
    order.push(`resolved:${chat.isReady()}`)
    expect(order).toEqual(['ready:true', 'resolved:true'])
    expect(response).toEqual({ code: 0, data: { repeatLogin: false } })
    expect(await live.status('ready_user')).toBe('Online')
    await chat.destroy()
  })
})

describe('a refused login leaves the client logged out and ready to retry (rule 7)', () => {
  test('a bad UserSig rejects with the server code; the next login works at once (rule 7)', async () => {
    const chat = new Chat(live.options())
    const events = recordEvents(chat)
    const otherUsersSig = await live.sign('someone_else')
    await expect(chat.login({ userID: 'retry_user', userSig: otherUsersSig })).rejects.toEqual(
      chatErrorLike({ code: ERROR_CODES.USER_SIG_USER_ID_MISMATCH, message: expect.any(String) }),
    )
    expect(chat.getLoginStatus()).toBe(3)
    expect(chat.getLoginUser()).toBe('')
    expect(chat.isReady()).toBe(false)
    expect(chat.getSnapshot().error?.code).toBe(ERROR_CODES.USER_SIG_USER_ID_MISMATCH)
    expect(events).not.toContain('sdkStateReady')

    await chat.login({ userID: 'retry_user', userSig: await live.sign('retry_user') })
    expect(chat.isReady()).toBe(true)
    expect(chat.getSnapshot().error).toBeNull()
    await chat.destroy()
  })

  test('an unreachable server rejects with 2800 and leaves the client logged out (rule 7)', async () => {
    const silent = new WebSocketServer({ port: 0 })
    const port = (silent.address() as { port: number }).port
    silent.close()
    const chat = new Chat(live.options({ url: `ws://127.0.0.1:${port}/ws` }))
    await expect(chat.login({ userID: 'alice', userSig: 'sig' })).rejects.toMatchObject({
      code: ERROR_CODES.NETWORK_ERROR,
    })
    expect(chat.getLoginStatus()).toBe(3)
  })

  test('a server that never answers makes the login reject with 2801 after the timeout (rule 7)', async () => {
    const silent = new WebSocketServer({ port: 0 })
    const port = (silent.address() as { port: number }).port
    const chat = new Chat(live.options({ url: `ws://127.0.0.1:${port}/ws`, requestTimeoutMs: 100 }))
    await expect(chat.login({ userID: 'alice', userSig: 'sig' })).rejects.toMatchObject({
      code: ERROR_CODES.REQUEST_TIMEOUT,
    })
    expect(chat.getLoginStatus()).toBe(3)
    await new Promise((resolve) => silent.close(resolve))
  })

  test('a socket that never opens (the upgrade is never answered) rejects with 2801 after the timeout (rule 7)', async () => {
    const sockets = new Set<Socket>()
    const mute = createServer((socket) => sockets.add(socket))
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve))
    const { port } = mute.address() as AddressInfo
    const chat = new Chat(live.options({ url: `ws://127.0.0.1:${port}/ws`, requestTimeoutMs: 100 }))
    await expect(chat.login({ userID: 'alice', userSig: 'sig' })).rejects.toMatchObject({
      code: ERROR_CODES.REQUEST_TIMEOUT,
    })
    expect(chat.getLoginStatus()).toBe(3)
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => mute.close(resolve))
  })
})

describe('login user and status (rule 9)', () => {
  test('getLoginUser and getLoginStatus follow 3 → 2 → 1 → 3 (rule 9)', async () => {
    const chat = new Chat(live.options())
    expect([chat.getLoginStatus(), chat.getLoginUser()]).toEqual([3, ''])
    const login = chat.login({ userID: 'status_user', userSig: await live.sign('status_user') })
    expect([chat.getLoginStatus(), chat.getLoginUser()]).toEqual([2, 'status_user'])
    await login
    expect([chat.getLoginStatus(), chat.getLoginUser()]).toEqual([1, 'status_user'])
    await chat.logout()
    expect([chat.getLoginStatus(), chat.getLoginUser()]).toEqual([3, ''])
  })

  test('calls that need a ready SDK reject with the not-ready code of the reason (rule 9)', async () => {
    const chat = new Chat(live.options())
    const sig = await live.sign('reason_user')
    await expect(chat.renewUserSig(sig)).rejects.toMatchObject({ code: ERROR_CODES.NOT_LOGGED_IN })
    await expect(chat.logout()).rejects.toMatchObject({ code: ERROR_CODES.NOT_LOGGED_IN })

    const login = chat.login({ userID: 'reason_user', userSig: sig })
    await expect(chat.renewUserSig(sig)).rejects.toMatchObject({
      code: ERROR_CODES.NOT_READY_LOGGING_IN,
    })
    await login
    await chat.logout()
    await expect(chat.renewUserSig(sig)).rejects.toMatchObject({
      code: ERROR_CODES.NOT_READY_LOGGED_OUT,
    })

    await chat.login({ userID: 'reason_user', userSig: 'not-a-sig' }).catch(() => {})
    await expect(chat.renewUserSig(sig)).rejects.toEqual(
      chatErrorLike({ code: ERROR_CODES.NOT_READY_LOGIN_FAILED, message: expect.any(String) }),
    )
  })
})

describe('the TencentCloudChat surface (rule 3)', () => {
  test('Chat.EVENT and Chat.TYPES carry TencentCloudChat’s string values, and Chatgate’s sessionEnded (rule 3, rule 33)', () => {
    expect(Chat.EVENT).toMatchObject({
      SDK_READY: 'sdkStateReady',
      SDK_NOT_READY: 'sdkStateNotReady',
      KICKED_OUT: 'kickedOut',
      NET_STATE_CHANGE: 'netStateChange',
      ERROR: 'error',
      SDK_DESTROY: 'sdkDestroy',
    })
    expect(Chat.TYPES).toEqual({
      KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
      KICKED_OUT_MULT_DEVICE: 'multipleDevice',
      KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
      KICKED_OUT_REST_API: 'REST_API_Kick',
      // Chatgate's own: the user ended this session from another of theirs.
      KICKED_OUT_SESSION_ENDED: 'sessionEnded',
      NET_STATE_CONNECTED: 'connected',
      NET_STATE_CONNECTING: 'connecting',
      NET_STATE_DISCONNECTED: 'disconnected',
    })
  })

  test('the default export is Chat; create takes a WebSocket and a log level (rule 3)', async () => {
    const module = await import('@chatgate/core')
    expect(module.default).toBe(Chat)
    const lines: unknown[][] = []
    const logger = {
      debug: (...args: unknown[]) => lines.push(['debug', ...args]),
      info: (...args: unknown[]) => lines.push(['info', ...args]),
      warn: (...args: unknown[]) => lines.push(['warn', ...args]),
      error: (...args: unknown[]) => lines.push(['error', ...args]),
    }
    const chat = new Chat(live.options({ logLevel: 0, logger }))
    await chat.login({ userID: 'log_user', userSig: await live.sign('log_user') })
    expect(lines.some(([level]) => level === 'info')).toBe(true)
    chat.setLogLevel(4)
    const before = lines.length
    await chat.logout()
    await chat.login({ userID: 'log_user', userSig: await live.sign('log_user') })
    expect(lines.length).toBe(before)
    await chat.destroy()
  })

  test('handlers get { name, data }; once runs one time; off removes (rule 3)', async () => {
    const chat = new Chat(live.options())
    const seen: unknown[] = []
    const onNet = (event: unknown) => seen.push(event)
    chat.on(Chat.EVENT.NET_STATE_CHANGE, onNet)
    let readyCount = 0
    chat.once(Chat.EVENT.SDK_READY, () => readyCount++)
    await chat.login({ userID: 'event_user', userSig: await live.sign('event_user') })
    expect(seen).toEqual([
      { name: 'netStateChange', data: { state: 'connecting' } },
      { name: 'netStateChange', data: { state: 'connected' } },
    ])
    chat.off(Chat.EVENT.NET_STATE_CHANGE, onNet)
    await chat.logout()
    await chat.login({ userID: 'event_user', userSig: await live.sign('event_user') })
    expect(seen).toHaveLength(2)
    expect(readyCount).toBe(1)
    await chat.destroy()
  })
})

test('frames that are not JSON objects with an op are ignored, not fatal', async () => {
  // Chatgate's server never sends these; a broken proxy in between might.
  const odd = new WebSocketServer({ port: 0 })
  odd.on('connection', (socket) => {
    socket.on('message', (data) => {
      const { seq, userID } = JSON.parse(data.toString()) as { seq: number; userID: string }
      for (const frame of ['null', '42', 'not json', '{"op":"unknown"}', '[]']) socket.send(frame)
      socket.send(Buffer.from([1, 2, 3]))
      const expiresAt = Date.now() + 3_600_000
      socket.send(
        JSON.stringify({ op: 'ready', seq, sessionId: 's1', userID, expiresAt, resumed: false }),
      )
    })
  })
  const port = (odd.address() as { port: number }).port
  const chat = new Chat(live.options({ url: `ws://127.0.0.1:${port}/ws` }))
  await chat.login({ userID: 'odd_frames', userSig: 'sig' })
  expect(chat.isReady()).toBe(true)
  await chat.destroy()
  await new Promise((resolve) => odd.close(resolve))
})
