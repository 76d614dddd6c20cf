/**
 * A login names its device (rule 33): the app's label, or in a browser a default from
 * the user agent; a bad label is refused before any traffic. Against the real server.
 */
import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { countingWebSocket } from './helpers/recorder.js'

const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer({ maxWeb: 3 })
})
afterAll(() => live.close())
afterEach(() => {
  vi.unstubAllGlobals()
})

/** Logs `userID` in with `device`, and answers what the login frame and the server's list say. */
async function logIn(userID: string, device?: string) {
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
  await chat.login({ userID, userSig: await live.sign(userID), device })
  const [session] = (await chat.getSessions()).data.sessions
  await chat.destroy()
  const login = counter.frames.find((frame) => frame.op === 'login')!
  return { sent: 'device' in login ? login.device : 'none', listed: session?.device }
}

describe('the device a login names', () => {
  test("the app's label goes to the server, which lists it", async () => {
    expect(await logIn('named', "Alice's iPhone")).toEqual({
      sent: "Alice's iPhone",
      listed: "Alice's iPhone",
    })
  })

  test('in a browser, without a label: browser and OS from the user agent', async () => {
    vi.stubGlobal('navigator', { userAgent: MAC_CHROME })
    expect(await logIn('defaulted')).toEqual({ sent: 'Chrome on macOS', listed: 'Chrome on macOS' })
  })

  test("the app's label wins over the user agent", async () => {
    vi.stubGlobal('navigator', { userAgent: MAC_CHROME })
    expect(await logIn('overridden', 'Work laptop')).toEqual({
      sent: 'Work laptop',
      listed: 'Work laptop',
    })
  })

  test('without a user agent (Node, React Native) the login names no device', async () => {
    vi.stubGlobal('navigator', undefined)
    expect(await logIn('nameless')).toEqual({ sent: 'none', listed: '' })
  })

  test.each([
    ['empty', ''],
    ['over 64 characters', 'x'.repeat(65)],
    ['spaces around it', ' Laptop '],
    ['a control character', 'Lap\u0000top'],
    ['a right-to-left override', '\u202eemorhC'],
    ['an unpaired surrogate', 'Phone \ud83d'],
    ['not a string', 42],
  ])('a label with %s rejects 6017 and opens no socket', async (_, device) => {
    const counter = countingWebSocket()
    const chat = new Chat(live.options({ WebSocket: counter.WebSocket }))
    await expect(
      chat.login({ userID: 'bad_device', userSig: 'sig', device: device as string }),
    ).rejects.toEqual(
      chatErrorLike({ code: ERROR_CODES.INVALID_PARAMETERS, message: expect.any(String) }),
    )
    expect(counter.sockets).toBe(0)
    expect(chat.getLoginStatus()).toBe(3)
  })

  test('64 characters, emoji included, are a label', async () => {
    const device = `📱${'x'.repeat(62)}`
    expect(device).toHaveLength(64)
    expect(await logIn('long_label', device)).toEqual({ sent: device, listed: device })
  })
})
