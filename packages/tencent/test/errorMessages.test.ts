/**
 * The real SDK's own errors (2024, 2801, …) come with an empty `message`; the kit would
 * show " (2801)". The adapter fills it from protocol's table in its `locale`, and keeps a
 * message the SDK gave. Over the scripted stand-in (scriptedTencentChat.ts).
 */
import { describe, expect, test } from 'vitest'
import { fromTencentChat } from '../src/index.js'
import { createScriptedTencentChat } from './scriptedTencentChat.js'

describe('errors the SDK leaves without a message', () => {
  test('logout when not logged in: 2024 with the English message, data kept', async () => {
    const bare = createScriptedTencentChat().chat
    await expect(bare.logout()).rejects.toMatchObject({ code: 2024, message: '' })

    const client = fromTencentChat(createScriptedTencentChat().chat)
    const error = await client.logout().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ code: 2024, message: 'Not logged in.', data: {} })
  })

  test('a login that times out: 2801 in the locale asked for, on the rejection and the snapshot', async () => {
    const english = createScriptedTencentChat()
    const zh = createScriptedTencentChat()
    const clients = [
      fromTencentChat(english.chat),
      fromTencentChat(zh.chat, { locale: 'zh-CN' }),
    ] as const
    english.script.offline()
    zh.script.offline()
    const logins = clients.map((client) => client.login({ userID: 'amy', userSig: 'sig' }))
    english.script.timeOutLogins()
    zh.script.timeOutLogins()
    const [en, cn] = await Promise.all(logins.map((login) => login.catch((e: unknown) => e)))
    expect(en).toMatchObject({ code: 2801, message: 'Request timed out.' })
    expect(cn).toMatchObject({ code: 2801, message: '请求超时。' })
    expect(clients[0].getSnapshot().error).toBe(en)
    expect(clients[1].getSnapshot().error).toBe(cn)
  })

  test('an ERROR event without a message gets one too', () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat, { locale: 'zh-CN' })
    script.raiseError(2800, '')
    expect(client.getSnapshot().error).toMatchObject({ code: 2800, message: '网络错误。' })
  })

  test('a message the SDK gave is kept, whatever the locale', async () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat, { locale: 'zh-CN' })
    script.refuseNextLogin(70001)
    const error = await client.login({ userID: 'ben', userSig: 'old' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 70001, message: 'Login refused by the script.' })
  })

  test('a code outside the table gets the text that names it', () => {
    const { chat, script } = createScriptedTencentChat()
    const client = fromTencentChat(chat)
    script.raiseError(2805, '')
    expect(client.getSnapshot().error).toMatchObject({ code: 2805, message: 'Error 2805' })
  })
})
