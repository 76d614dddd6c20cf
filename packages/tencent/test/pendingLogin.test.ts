/**
 * `logout()` and `destroy()` never wait behind a login in flight, which on the real SDK
 * waits up to 90 s for the network: they answer at once and supersede it, as core's do
 * (the login rejects 3005). Over the scripted stand-in, offline (logins wait for the script).
 */
import { describe, expect, test } from 'vitest'
import { fromTencentChat } from '../src/index.js'
import { createScriptedTencentChat } from './scriptedTencentChat.js'

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Whether `promise` settled before the stand-in's network moved on (nothing else runs). */
async function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await nextTask()
  return settled
}

describe('a login waiting for the network', () => {
  test('the bare SDK answers its own logout at once: 2024, nobody is logged in yet', async () => {
    const { chat, script } = createScriptedTencentChat()
    script.offline()
    const login = chat.login({ userID: 'amy', userSig: 'sig' }).catch((e: unknown) => e)
    await expect(chat.logout()).rejects.toMatchObject({ code: 2024 })
    script.timeOutLogins()
    expect(await login).toMatchObject({ code: 2801 })
  })

  test('logout resolves at once, logged out; the login then rejects 3005 and changes nothing', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    script.offline()
    const login = client.login({ userID: 'ben', userSig: 'sig' })
    const settled = login.catch((e: unknown) => e)
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 2, userID: 'ben' })

    const logout = client.logout()
    expect(await settlesAtOnce(logout)).toBe(true)
    expect(await logout).toEqual({ code: 0, data: {} })
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3, userID: '', error: null })
    expect(await settlesAtOnce(login)).toBe(false)

    const after = client.getSnapshot()
    script.timeOutLogins()
    expect(await settled).toMatchObject({ code: 3005 })
    expect(client.getSnapshot()).toBe(after)
  })

  test('destroy resolves at once; the login then rejects 3005', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    script.offline()
    const settled = client.login({ userID: 'cat', userSig: 'sig' }).catch((e: unknown) => e)
    const destroy = client.destroy()
    expect(await settlesAtOnce(destroy)).toBe(true)
    expect(await destroy).toEqual({ code: 0, data: {} })
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3, userID: '' })
    script.timeOutLogins()
    expect(await settled).toMatchObject({ code: 3005 })
    expect(script.calls).toEqual(['login cat', 'destroy', 'logout'])
  })

  test('a login the SDK admits after the logout is logged out again, and never shows as ready', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    const login = client.login({ userID: 'dan', userSig: 'sig' }).catch((e: unknown) => e)
    const seen: number[] = []
    client.subscribe(() => seen.push(client.getSnapshot().loginStatus))
    await client.logout()
    expect(await login).toMatchObject({ code: 3005 })
    await nextTask()
    await nextTask()
    expect(script.calls).toEqual(['login dan', 'logout', 'logout'])
    expect(chat.getLoginUser()).toBe('')
    expect(chat.isReady()).toBe(false)
    expect(seen).toEqual([3])
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3, ready: false })
  })

  test('a login after the logout goes to the SDK once the superseded one has settled', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    script.offline()
    const first = client.login({ userID: 'eve', userSig: 'sig' }).catch((e: unknown) => e)
    await client.logout()
    const second = client.login({ userID: 'fay', userSig: 'sig' })
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3 })
    script.timeOutLogins()
    expect(await first).toMatchObject({ code: 3005 })
    expect(await second).toEqual({ code: 0, data: { repeatLogin: false } })
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 1, userID: 'fay' })
    expect(script.calls).toEqual(['login eve', 'logout', 'login fay'])
  })
})
