import { Chat, ChatError } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import packageJson from '../package.json' with { type: 'json' }
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, SDK_APP_ID, startLiveServer } from './helpers/liveServer.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

/** A logger that keeps every line, whatever its level. */
function recordingLogger() {
  const lines: { level: string; text: string }[] = []
  const keep =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push({ level, text: args.map((arg) => String(arg)).join(' ') })
  return {
    lines,
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
  }
}

describe('Chat.create and new Chat', () => {
  test('create returns the live client of an SDKAppID, whatever its other options, until it is destroyed (rule 28)', async () => {
    const first = Chat.create(live.options())
    expect(Chat.create(live.options({ url: 'ws://elsewhere.invalid/ws' }))).toBe(first)
    expect(Chat.create({ ...live.options(), SDKAppID: String(SDK_APP_ID) as never })).toBe(first)
    expect(Chat.create(live.options({ SDKAppID: SDK_APP_ID + 1 }))).not.toBe(first)

    await first.destroy()
    const second = Chat.create(live.options())
    expect(second).not.toBe(first)
    await second.login({ userID: 'shared_app', userSig: await live.sign('shared_app') })
    expect(second.isReady()).toBe(true)
    await second.destroy()
  })

  test('new Chat makes an independent client each time (rule 28)', () => {
    const a = new Chat(live.options())
    expect(new Chat(live.options())).not.toBe(a)
    expect(Chat.create(live.options())).not.toBe(a)
  })

  test('Chat.VERSION is the version of the package', () => {
    expect(Chat.VERSION).toBe(packageJson.version)
  })
})

describe('failures are Errors', () => {
  test('a rejected login is a ChatError: an Error with the same code and message as before, and a stack (rule 28)', async () => {
    const chat = new Chat(live.options())
    const invalid = await chat.login({ userID: 'no spaces', userSig: 'sig' }).catch((e) => e)
    expect(invalid).toBeInstanceOf(Error)
    expect(invalid).toBeInstanceOf(ChatError)
    expect(invalid).toEqual(
      chatErrorLike({ code: ERROR_CODES.USER_ID_INVALID, message: expect.any(String) }),
    )
    expect(String(invalid)).toBe(`Error: ${invalid.message}`)
    expect(invalid.stack).toContain(invalid.message)

    const refused = await chat
      .login({ userID: 'err_user', userSig: await live.sign('someone_else') })
      .catch((e) => e)
    expect(refused).toBeInstanceOf(Error)
    expect(refused.code).toBe(ERROR_CODES.USER_SIG_USER_ID_MISMATCH)
    expect(chat.getSnapshot().error).toBe(refused)
  })

  test('every rejection carries data, an object, as TencentCloudChat’s errors do', async () => {
    const chat = new Chat(live.options())
    const rejections = [
      await chat.login({ userID: 'no spaces', userSig: 'sig' }).catch((e) => e),
      await chat.login({ userID: 'data_user', userSig: 'not-a-sig' }).catch((e) => e),
      await chat.logout().catch((e) => e),
      await chat.renewUserSig('sig').catch((e) => e),
    ]
    await chat.destroy()
    rejections.push(await chat.login({ userID: 'data_user', userSig: 'sig' }).catch((e) => e))
    expect(rejections.map((error) => error.code)).toEqual([
      ERROR_CODES.USER_ID_INVALID,
      ERROR_CODES.USER_SIG_MALFORMED,
      ERROR_CODES.NOT_LOGGED_IN,
      ERROR_CODES.NOT_READY_LOGIN_FAILED,
      ERROR_CODES.CLIENT_DESTROYED,
    ])
    for (const error of rejections) expect(error.data).toEqual({})
  })

  test('ERROR carries an Error: a getUserSig that fails raises 6206 (rule 28)', async () => {
    const chat = new Chat(live.options({ renewBeforeMs: 3_600_000 }))
    const errors: unknown[] = []
    chat.on(Chat.EVENT.ERROR, (event) => errors.push(event.data))
    await chat.login({
      userID: 'err_renew',
      userSig: await live.sign('err_renew', 600),
      getUserSig: () => Promise.reject(new TypeError('offline')),
    })
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 5000 })
    expect(errors[0]).toBeInstanceOf(Error)
    expect(errors[0]).toEqual(
      chatErrorLike({ code: ERROR_CODES.CLIENT_USER_SIG_EXPIRED, message: 'offline' }),
    )
    await chat.destroy()
  })
})

describe('logout and destroy', () => {
  test('logout when nobody is logged in rejects 2024: never logged in, logged out, kicked (rule 28)', async () => {
    const chat = new Chat(live.options())
    const notLoggedIn = chatErrorLike({
      code: ERROR_CODES.NOT_LOGGED_IN,
      message: 'Not logged in.',
    })
    await expect(chat.logout()).rejects.toEqual(notLoggedIn)

    await chat.login({ userID: 'twice_out', userSig: await live.sign('twice_out') })
    await chat.logout()
    await expect(chat.logout()).rejects.toEqual(notLoggedIn)

    await chat.login({ userID: 'twice_out', userSig: await live.sign('twice_out') })
    await live.kick('twice_out')
    await vi.waitFor(() => expect(chat.getSnapshot().kick).not.toBeNull(), { timeout: 5000 })
    await expect(chat.logout()).rejects.toEqual(notLoggedIn)
  })

  test('destroy resolves every time it is called, logged in or never; other calls then reject 90009 (rule 28)', async () => {
    const never = new Chat(live.options())
    const [first, second] = [never.destroy(), never.destroy()]
    await expect(first).resolves.toEqual({ code: 0, data: {} })
    await expect(second).resolves.toEqual({ code: 0, data: {} })
    await expect(never.destroy()).resolves.toEqual({ code: 0, data: {} })

    const chat = new Chat(live.options())
    await chat.login({ userID: 'destroy_twice', userSig: await live.sign('destroy_twice') })
    const destroyed: unknown[] = []
    chat.on(Chat.EVENT.SDK_DESTROY, (event) => destroyed.push(event.data))
    await Promise.all([chat.destroy(), chat.destroy()])
    expect(destroyed).toEqual([{ SDKAppID: SDK_APP_ID }])
    await expect(chat.logout()).rejects.toMatchObject({ code: ERROR_CODES.CLIENT_DESTROYED })
  })
})

describe('events and logs', () => {
  test('on binds the context it is given to the handler, once too (rule 28)', async () => {
    const chat = new Chat(live.options())
    const page = { name: 'page' }
    const seen: unknown[] = []
    chat.on(
      Chat.EVENT.SDK_READY,
      function (this: unknown) {
        seen.push(this)
      },
      page,
    )
    chat.once(
      Chat.EVENT.NET_STATE_CHANGE,
      function (this: unknown) {
        seen.push(this)
      },
      page,
    )
    await chat.login({ userID: 'ctx_user', userSig: await live.sign('ctx_user') })
    expect(seen).toEqual([page, page])
    await chat.destroy()
  })

  test('on with an event name the client does not know logs a warning and still registers', () => {
    const { lines, logger } = recordingLogger()
    const chat = new Chat(live.options({ logLevel: undefined, logger }))
    chat.on('sdkReady' as never, () => {})
    chat.on(Chat.EVENT.SDK_READY, () => {})
    expect(lines).toEqual([{ level: 'warn', text: expect.stringContaining('sdkReady') }])
  })

  test('at the default log level no UserID is printed: only warnings and errors (rule 28)', async () => {
    const { lines, logger } = recordingLogger()
    const chat = new Chat(live.options({ logLevel: undefined, logger }))
    await chat.login({ userID: 'private_user', userSig: await live.sign('private_user') })
    const otherPage = new Chat(live.options())
    await otherPage.login({ userID: 'private_user', userSig: await live.sign('private_user') })
    await vi.waitFor(() => expect(chat.isReady()).toBe(false), { timeout: 5000 })
    await otherPage.destroy()
    await chat.login({ userID: 'private_user', userSig: await live.sign('private_user') })
    await chat.logout()
    expect(lines.length).toBeGreaterThan(0) // the kick is a warning
    expect(lines.every(({ level }) => level === 'warn' || level === 'error')).toBe(true)
    expect(lines.filter(({ text }) => text.includes('private_user'))).toEqual([])
    await chat.destroy()
  })
})
