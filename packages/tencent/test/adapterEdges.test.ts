/**
 * The adapter at the edges the quirk tests pass by: what the app does on the bare
 * instance, the SDK failing its own logout and destroy, a kick before SDK_READY, a
 * repeated login, and what is left once a superseded login was undone. Over the scripted
 * stand-in (scriptedTencentChat.ts), one SDK call overridden where a test needs a failure.
 */
import { describe, expect, test, vi } from 'vitest'
import { fromTencentChat } from '../src/index.js'
import { createScriptedTencentChat, EVENT } from './scriptedTencentChat.js'

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A failure as the real SDK makes them: an Error with a code, a message and data. */
const sdkError = (code: number, message: string) =>
  Object.assign(new Error(message), { code, data: { from: 'sdk' } })

describe('the instance', () => {
  test('one without `on` is refused with a clear error', () => {
    const noEvents = { login: () => Promise.resolve() } as never
    expect(() => fromTencentChat(noEvents)).toThrow(expect.objectContaining({ code: 6017 }))
  })

  test('a login and a logout the app makes on the bare instance show in the snapshot', async () => {
    const { chat } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    await chat.login({ userID: 'bare', userSig: 'sig' })
    await vi.waitFor(() => expect(client.getSnapshot()).toMatchObject({ ready: true }))
    expect(client.getSnapshot().userID).toBe('bare')

    await chat.logout()
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3, ready: false, userID: '' })
  })

  test('an instance whose getLoginUser answers nothing is taken as logged out: no logout first', async () => {
    const { chat, script } = createScriptedTencentChat()
    const silent = Object.assign(chat, { getLoginUser: () => undefined as unknown as string })
    const client = fromTencentChat(silent)
    await client.login({ userID: 'quiet', userSig: 'sig' })
    expect(script.calls).toEqual(['login quiet'])
  })
})

describe('logins', () => {
  test('the same UserID again once ready answers repeatLogin; another UserID does not', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    await client.login({ userID: 'rita', userSig: 'sig' })
    expect(await client.login({ userID: 'rita', userSig: 'sig' })).toEqual({
      code: 0,
      data: { repeatLogin: true, errorInfo: 'Already logged in.' },
    })
    expect(await client.login({ userID: 'sam', userSig: 'sig' })).toEqual({
      code: 0,
      data: { repeatLogin: false },
    })
    expect(script.calls).toEqual(['login rita', 'logout', 'login sam'])
  })

  test('a kick between the SDK’s answer and SDK_READY: the login rejects 3005, the kick shows', async () => {
    const { chat, script } = createScriptedTencentChat()
    const login = chat.login.bind(chat)
    // The kick lands as the SDK resolves, before the adapter hears the answer.
    chat.login = (options) => {
      const answer = login(options)
      void answer.then(() => script.kick('multipleAccount'))
      return answer
    }
    const client = fromTencentChat(chat)
    await expect(client.login({ userID: 'tom', userSig: 'sig' })).rejects.toMatchObject({
      code: 3005,
    })
    expect(client.getSnapshot()).toMatchObject({
      loginStatus: 3,
      ready: false,
      kick: { type: 'multipleAccount' },
    })
  })

  test('a rejection of the SDK with a code and a message is passed on as it is', async () => {
    const { chat } = createScriptedTencentChat()
    const refusal = sdkError(70_001, 'UserSig expired.')
    chat.login = () => Promise.reject(refusal)
    const client = fromTencentChat(chat)
    await expect(client.login({ userID: 'uma', userSig: 'sig' })).rejects.toBe(refusal)
    expect(client.getSnapshot().error).toBe(refusal)
  })

  test('after a superseded login was admitted and logged out again, the next login reaches ready', async () => {
    const { chat } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    const first = client.login({ userID: 'vic', userSig: 'sig' }).catch((e: unknown) => e)
    await client.logout()
    expect(await first).toMatchObject({ code: 3005 })

    void client.login({ userID: 'wes', userSig: 'sig' })
    await vi.waitFor(() => expect(client.getSnapshot()).toMatchObject({ ready: true }))
    expect(client.getSnapshot().userID).toBe('wes')
  })

  test('an SDK_READY that comes while a superseded login is logged out again is not heard', async () => {
    const { chat } = createScriptedTencentChat()
    const handlers = new Map<string, () => void>()
    const on = chat.on.bind(chat)
    chat.on = (name, handler, context) => {
      handlers.set(name, () => handler({ name }))
      on(name, handler, context)
    }
    const client = fromTencentChat(chat)
    // The undo is the second logout the SDK sees; the SDK_READY of the login it undoes
    // arrives just then.
    const logout = chat.logout.bind(chat)
    let logouts = 0
    chat.logout = () => {
      if (++logouts === 2) handlers.get(EVENT.SDK_READY)!()
      return logout()
    }
    const seen: boolean[] = []
    client.subscribe(() => seen.push(client.getSnapshot().ready))
    const login = client.login({ userID: 'xia', userSig: 'sig' }).catch((e: unknown) => e)
    await client.logout()
    expect(await login).toMatchObject({ code: 3005 })
    expect(logouts).toBe(2)
    expect(seen).not.toContain(true)
  })

  test('a destroy after a logout still supersedes the login both interrupted', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    script.offline()
    const login = client.login({ userID: 'yan', userSig: 'sig' }).catch((e: unknown) => e)
    await client.logout()
    await client.destroy()
    script.timeOutLogins()
    expect(await login).toMatchObject({ code: 3005 })
  })
})

describe('the SDK failing its own logout and destroy', () => {
  test('a logout the SDK fails while a login runs rejects with that failure (only 2024 is no failure)', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    script.offline()
    void client.login({ userID: 'zed', userSig: 'sig' }).catch(() => {})
    const failure = sdkError(2800, 'Network broken.')
    chat.logout = () => Promise.reject(failure)
    await expect(client.logout()).rejects.toBe(failure)
    script.timeOutLogins()
  })

  test('a destroy the SDK fails rejects with that failure; the adapter lets go of the instance all the same', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    await client.login({ userID: 'abe', userSig: 'sig' })
    const failure = sdkError(2800, 'Network broken.')
    chat.destroy = () => Promise.reject(failure)
    await expect(client.destroy()).rejects.toBe(failure)
    expect(script.handlerCount()).toBe(0)
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3 })
    await nextTask()
  })
})
