// biome-ignore-all lint/complexity/useArrowFunction: the seed documents' sample code, as printed
// biome-ignore-all lint/style/useConst: the seed documents' sample code, as printed
/**
 * The sample code of the product documents (seeds/), run against Chatgate with only the
 * import and the url changed: login with the repeatLogin check, the KICKED_OUT handler
 * with the four types, logout, destroy.
 */
import TencentCloudChat from '@chatgate/core'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, SDK_APP_ID, startLiveServer } from './helpers/liveServer.js'

let live: LiveServer
let skewMs = 0
const printed: unknown[][] = []

beforeAll(async () => {
  // `single`: a login on another platform displaces the web page (multipleDevice).
  live = await startLiveServer({
    policy: 'single',
    server: { now: () => Date.now() + skewMs, sweepIntervalMs: 10 },
  })
  // Node 20 has no WebSocket of its own; a browser does.
  vi.stubGlobal('WebSocket', WebSocket)
  for (const method of ['log', 'warn'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      if (args[0] !== '[chatgate]') printed.push([method, ...args])
    })
  }
})
afterAll(async () => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  await live.close()
})

/** The login sample of the Login document, verbatim but for the values. */
function loginSample(
  chat: ReturnType<typeof TencentCloudChat.create>,
  userID: string,
  userSig: string,
) {
  let promise = chat.login({ userID: userID, userSig: userSig })
  return promise
    .then(function (imResponse) {
      console.log(imResponse.data) // Logged in successfully
      if (imResponse.data.repeatLogin === true) {
        // This indicates that the account is already logged in.
        console.log(imResponse.data.errorInfo)
      }
    })
    .catch(function (imError) {
      console.warn('login error:', imError)
    })
}

/** Logs the same user in from somewhere else, the way the four kick types come about. */
async function kickWith(type: string, userID: string) {
  if (type === 'multipleAccount' || type === 'multipleDevice') {
    // Another page or device: an independent client (`create` would return this one).
    const other = new TencentCloudChat({
      SDKAppID: SDK_APP_ID,
      url: live.wsUrl,
      platform: type === 'multipleAccount' ? 'web' : 'android',
      logLevel: 4,
    })
    await other.login({ userID, userSig: await live.sign(userID) })
    return () => other.destroy()
  }
  if (type === 'REST_API_Kick') {
    await live.kick(userID)
    // The kick revokes every UserSig issued up to its second (rule 26): the next login
    // needs one signed after it.
    return () => new Promise<void>((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5))
  }
  if (type === 'userSigExpired') skewMs += 2 * 86_400_000
  return async () => {}
}

test('the seed sample code runs unchanged: login, repeatLogin, KICKED_OUT with four types, logout, destroy', async () => {
  let chat = TencentCloudChat.create({ SDKAppID: SDK_APP_ID, url: live.wsUrl })
  chat.setLogLevel(4)

  let kickedTypes: string[] = []
  let onKickedOut = function (event: { data: { type: string } }) {
    console.log(event.data.type)
    // TencentCloudChat.TYPES.KICKED_OUT_MULT_ACCOUNT / KICKED_OUT_MULT_DEVICE /
    // KICKED_OUT_USERSIG_EXPIRED / KICKED_OUT_REST_API
    kickedTypes.push(event.data.type)
  }
  chat.on(TencentCloudChat.EVENT.KICKED_OUT, onKickedOut)

  const userSig = await live.sign('seed_user', 86_400)
  await loginSample(chat, 'seed_user', userSig)
  expect(printed.shift()).toEqual(['log', { repeatLogin: false }])
  expect(chat.isReady()).toBe(true)

  await loginSample(chat, 'seed_user', userSig)
  expect(printed.splice(0)).toEqual([
    ['log', { repeatLogin: true, errorInfo: expect.any(String) }],
    ['log', expect.any(String)],
  ])

  const types = [
    TencentCloudChat.TYPES.KICKED_OUT_MULT_ACCOUNT,
    TencentCloudChat.TYPES.KICKED_OUT_MULT_DEVICE,
    TencentCloudChat.TYPES.KICKED_OUT_REST_API,
    TencentCloudChat.TYPES.KICKED_OUT_USERSIG_EXPIRED,
  ]
  for (const type of types) {
    if (!chat.isReady()) await loginSample(chat, 'seed_user', await live.sign('seed_user', 86_400))
    const cleanUp = await kickWith(type, 'seed_user')
    await vi.waitFor(() => expect(kickedTypes.at(-1)).toBe(type), { timeout: 5000 })
    expect(chat.isReady()).toBe(false)
    await cleanUp()
  }
  expect(kickedTypes).toEqual([
    'multipleAccount',
    'multipleDevice',
    'REST_API_Kick',
    'userSigExpired',
  ])
  skewMs = 0

  // A failed login goes to the sample's catch with an { code, message } imError.
  printed.splice(0)
  await loginSample(chat, 'seed_user', 'not-a-valid-sig')
  expect(printed).toEqual([
    [
      'warn',
      'login error:',
      chatErrorLike({ code: expect.any(Number), message: expect.any(String) }),
    ],
  ])

  await loginSample(chat, 'seed_user', await live.sign('seed_user'))
  printed.splice(0)
  // The logout sample.
  let promise = chat.logout()
  await promise
    .then(function (imResponse) {
      console.log(imResponse.data) // Logged out successfully
    })
    .catch(function (imError) {
      console.warn('logout error:', imError)
    })
  expect(printed.splice(0)).toEqual([['log', {}]])
  expect(await live.status('seed_user')).toBe('Offline')

  // The destroy sample.
  await chat.destroy().then(() => {
    console.log('sdk destroyed')
  })
  expect(printed.splice(0)).toEqual([['log', 'sdk destroyed']])
})
