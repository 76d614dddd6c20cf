/**
 * The adapter over a stand-in that behaves as the real TencentCloudChat does (see
 * scriptedTencentChat.ts): each test first shows the quirk on the bare stand-in where it
 * can, then that the adapter answers as Chatgate's client contract says.
 */
import { describe, expect, test } from 'vitest'
import { fromTencentChat } from '../src/index.js'
import { createScriptedTencentChat, EVENT, TYPES } from './scriptedTencentChat.js'

/** Logs the scripted SDK in and waits for its SDK_READY, which comes a task after the login. */
async function loggedInAndReady(
  chat: ReturnType<typeof createScriptedTencentChat>['chat'],
  userID: string,
): Promise<void> {
  const ready = new Promise<void>((resolve) => chat.on(EVENT.SDK_READY, () => resolve()))
  await chat.login({ userID, userSig: 'sig' })
  await ready
}

function setup() {
  const { chat, script } = createScriptedTencentChat()
  const client = fromTencentChat(chat)
  const events: string[] = []
  for (const name of Object.values(EVENT)) client.on(name, () => events.push(name))
  return { chat, script, client, events }
}

describe('fromTencentChat over the real SDK’s quirks', () => {
  test('login resolves only after SDK_READY (the real SDK resolves before it) (rule 4)', async () => {
    const bare = createScriptedTencentChat().chat
    await bare.login({ userID: 'amy', userSig: 'sig' })
    expect(bare.isReady()).toBe(false)

    const { chat, client, events } = setup()
    const seen: number[] = []
    client.subscribe(() => seen.push(client.getSnapshot().loginStatus))
    const answer = await client.login({ userID: 'amy', userSig: 'sig' })
    expect(answer).toEqual({ code: 0, data: { repeatLogin: false } })
    expect(chat.isReady()).toBe(true)
    expect(events).toEqual([EVENT.NET_STATE_CHANGE, EVENT.SDK_READY])
    expect(client.getSnapshot()).toMatchObject({
      loginStatus: 1,
      userID: 'amy',
      ready: true,
      netState: 'connected',
    })
    expect(seen[0]).toBe(2)
    expect(seen.at(-1)).toBe(1)
  })

  test('the same login twice (StrictMode) is one login, not a 2025 (rule 5)', async () => {
    const bare = createScriptedTencentChat().chat
    const first = bare.login({ userID: 'ben', userSig: 'sig' })
    await expect(bare.login({ userID: 'ben', userSig: 'sig' })).rejects.toMatchObject({
      code: 2025,
    })
    await first

    const { client, script } = setup()
    const a = client.login({ userID: 'ben', userSig: 'sig' })
    const b = client.login({ userID: 'ben', userSig: 'sig' })
    expect(b).toBe(a)
    await a
    expect(script.calls).toEqual(['login ben'])
    // Logged in: the same UserID again is a repeat, and nothing reaches the SDK.
    expect(await client.login({ userID: 'ben', userSig: 'sig' })).toEqual({
      code: 0,
      data: { repeatLogin: true, errorInfo: expect.any(String) },
    })
    expect(script.calls).toEqual(['login ben'])
  })

  test('another UserID switches account (the real SDK answers repeatLogin and stays) (rule 6)', async () => {
    const bare = createScriptedTencentChat().chat
    await loggedInAndReady(bare, 'cat')
    expect(await bare.login({ userID: 'dan', userSig: 'sig' })).toMatchObject({
      data: { repeatLogin: true },
    })
    expect(bare.getLoginUser()).toBe('cat')

    const { client, script, events } = setup()
    await client.login({ userID: 'cat', userSig: 'sig' })
    events.length = 0
    await client.login({ userID: 'dan', userSig: 'sig' })
    expect(script.calls).toEqual(['login cat', 'logout', 'login dan'])
    expect(events).toEqual([EVENT.SDK_NOT_READY, EVENT.NET_STATE_CHANGE, EVENT.SDK_READY])
    expect(client.getSnapshot()).toMatchObject({ userID: 'dan', loginStatus: 1 })
  })

  test('another UserID while a login is in flight waits for it, then switches (rule 6)', async () => {
    const { client, script } = setup()
    const first = client.login({ userID: 'eve', userSig: 'sig' })
    const second = client.login({ userID: 'fay', userSig: 'sig' })
    await first
    await second
    expect(script.calls).toEqual(['login eve', 'logout', 'login fay'])
    expect(client.getSnapshot().userID).toBe('fay')
  })

  test('a synchronous throw becomes a rejection with a code, leaving the client logged out (rule 4)', async () => {
    const bare = createScriptedTencentChat().chat
    expect(() => bare.login({ userID: '', userSig: 'sig' })).toThrow('Params validate failed.')

    const { client } = setup()
    let promise: Promise<unknown> | undefined
    expect(() => {
      promise = client.login({ userID: '', userSig: 'sig' })
    }).not.toThrow()
    const error = await promise!.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ code: 6017, message: 'Params validate failed.' })
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3, userID: '', error })
  })

  test('a refused login rejects with the SDK’s error; a retry at once succeeds (rule 7)', async () => {
    const { client, script } = setup()
    script.refuseNextLogin(70001)
    const error = await client.login({ userID: 'gus', userSig: 'old' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ code: 70001 })
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3, error: { code: 70001 } })
    await client.login({ userID: 'gus', userSig: 'new' })
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 1, error: null })
  })

  test('a kick: KICKED_OUT then SDK_NOT_READY give one logged-out snapshot with the kick', async () => {
    const { client, script } = setup()
    await client.login({ userID: 'hal', userSig: 'sig' })
    const snapshots: unknown[] = []
    client.subscribe(() => snapshots.push(client.getSnapshot()))
    script.kick(TYPES.KICKED_OUT_MULT_DEVICE)
    expect(snapshots).toHaveLength(1)
    expect(client.getSnapshot()).toMatchObject({
      loginStatus: 3,
      userID: '',
      ready: false,
      kick: { type: 'multipleDevice', userID: 'hal', at: expect.any(Number) },
    })
    // The next login clears it.
    await client.login({ userID: 'hal', userSig: 'sig' })
    expect(client.getSnapshot().kick).toBeNull()
  })

  test('the snapshot keeps its identity when an event changes nothing', async () => {
    const { client, script } = setup()
    await client.login({ userID: 'ian', userSig: 'sig' })
    const before = client.getSnapshot()
    let notified = 0
    client.subscribe(() => notified++)
    script.netState('connected')
    expect(client.getSnapshot()).toBe(before)
    expect(notified).toBe(0)
    expect(Object.isFrozen(before)).toBe(true)

    script.netState('connecting')
    expect(client.getSnapshot()).not.toBe(before)
    expect(client.getSnapshot()).toMatchObject({ netState: 'connecting', loginStatus: 1 })
    // The real SDK's ERROR data is a plain object; the snapshot holds an Error (rule 28).
    script.raiseError(2800, 'Network error.')
    expect(client.getSnapshot().error).toBeInstanceOf(Error)
    expect(client.getSnapshot().error).toMatchObject({ code: 2800, message: 'Network error.' })
    expect(notified).toBe(2)
  })

  test('logout when not logged in rejects 2024; logout emits SDK_NOT_READY first (rule 28)', async () => {
    const { client, events } = setup()
    await expect(client.logout()).rejects.toMatchObject({ code: 2024 })
    await client.login({ userID: 'jon', userSig: 'sig' })
    events.length = 0
    expect(await client.logout()).toEqual({ code: 0, data: {} })
    expect(events).toEqual([EVENT.SDK_NOT_READY])
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 3, userID: '' })
  })

  test('destroy of a client that never logged in resolves (the real SDK rejects 2024), twice (rule 28)', async () => {
    const bare = createScriptedTencentChat().chat
    await expect(bare.destroy()).rejects.toMatchObject({ code: 2024 })

    const { client, script } = setup()
    expect(await client.destroy()).toEqual({ code: 0, data: {} })
    expect(await client.destroy()).toEqual({ code: 0, data: {} })
    expect(script.calls).toEqual(['destroy', 'logout'])
    expect(script.handlerCount()).toBe(0)
  })

  test('on/off reach the instance with the context bound', async () => {
    const { chat, client } = setup()
    const context = { hits: 0 }
    function onReady(this: typeof context) {
      this.hits++
    }
    client.on(EVENT.SDK_READY, onReady, context)
    await client.login({ userID: 'kim', userSig: 'sig' })
    expect(context.hits).toBe(1)
    client.off(EVENT.SDK_READY, onReady, context)
    await client.logout()
    await client.login({ userID: 'kim', userSig: 'sig' })
    expect(context.hits).toBe(1)
    expect(chat.isReady()).toBe(true)
  })

  test('no instance (TencentCloudChat.create answers null for a bad SDKAppID): a clear error', () => {
    expect(() => fromTencentChat(null as never)).toThrow(
      expect.objectContaining({ code: 6017, message: expect.stringContaining('TencentCloudChat') }),
    )
  })

  test('an instance already logged in gives a logged-in first snapshot', async () => {
    const { chat } = createScriptedTencentChat()
    await loggedInAndReady(chat, 'lea')
    const client = fromTencentChat(chat)
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 1, userID: 'lea', ready: true })
  })
})
