import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest'
import { WebSocket } from 'ws'
import { type LiveServer, SDK_APP_ID, startLiveServer } from './helpers/liveServer.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy.js'

let live: LiveServer
let proxy: TcpProxy
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())
afterEach(() => proxy?.close())

/** One login from another address with a UserSig made for someone else: refused, counted. */
async function badLogin(userID: string, userSig: string): Promise<number> {
  const ws = new WebSocket(live.wsUrl, { localAddress: '127.0.0.2' })
  ws.on('error', () => {})
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.send(
    JSON.stringify({ op: 'login', seq: 1, sdkAppID: SDK_APP_ID, userID, userSig, platform: 'web' }),
  )
  const reply = await new Promise<{ code: number }>((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(String(data)))),
  )
  ws.terminate()
  return reply.code
}

test('bad logins for a UserID from elsewhere do not log its owner out: after a cut, the client resumes (rule 34)', async () => {
  proxy = await startTcpProxy(live.server.port)
  const counter = countingWebSocket()
  const chat = new Chat(live.options({ url: proxy.wsUrl, WebSocket: counter.WebSocket }))
  await chat.login({ userID: 'victim', userSig: await live.sign('victim') })
  const events = recordEvents(chat)

  // Whoever knows the UserID puts it over its failed-login limit (10 a minute).
  const notVictims = await live.sign('mallory')
  const codes: number[] = []
  for (let i = 0; i < 11; i++) codes.push(await badLogin('victim', notVictims))
  expect(codes.slice(0, 10)).toEqual(Array(10).fill(ERROR_CODES.USER_SIG_USER_ID_MISMATCH))
  expect(codes[10]).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)

  // A network blip: the client resumes with its own, valid UserSig.
  proxy.cut()
  // Either it is back, or it was refused and stopped (SDK_NOT_READY with an error).
  const settled = (name: string) =>
    name === 'netStateChange:connected' || name === 'sdkStateNotReady'
  await vi.waitFor(() => expect(events.some(settled)).toBe(true), { timeout: 10_000 })
  expect(events).toEqual(['netStateChange:connecting', 'netStateChange:connected'])
  expect(chat.isReady()).toBe(true)
  const logins = counter.frames.filter((frame) => frame.op === 'login')
  expect(logins).toHaveLength(2)
  expect(logins[1]?.resume).toEqual(expect.any(String))
  expect(await live.status('victim')).toBe('Online')
  await chat.destroy()
}, 20_000)
