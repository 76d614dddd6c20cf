/**
 * One connection after `close(reason)`: nothing more arrives from it, every request (then
 * and later) rejects with that reason at once, and a second close changes nothing. And a
 * url the WebSocket refuses: every request rejects 6017 "Bad url.". Real server.
 */
import { ChatError, clientError, INVALID_PARAMETERS, NETWORK_ERROR } from '@chatgate/protocol'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import { openConnection } from '../src/connection.js'
import { type LiveServer, SDK_APP_ID, startLiveServer } from './helpers/liveServer.js'
import { manualTimers } from './helpers/manualTimers.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const LOGGED_OUT = new ChatError(3005, 'logged out')

test('after close(reason) requests reject with the reason, even once the socket has closed; a second close changes nothing', async () => {
  const userID = 'closer'
  const timers = manualTimers()
  const closes: number[] = []
  let socket: WebSocket | undefined
  class KeptWebSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      socket = this
    }
  }
  const connection = openConnection(
    { WebSocket: KeptWebSocket, timers, url: live.wsUrl },
    () => {},
    (code) => closes.push(code),
  )
  await connection.request(
    {
      op: 'login',
      sdkAppID: SDK_APP_ID,
      userID,
      userSig: await live.sign(userID),
      platform: 'web',
    },
    10_000,
  )

  connection.close(LOGGED_OUT)
  connection.close(clientError(NETWORK_ERROR))
  await expect(connection.request({ op: 'ping' }, 10_000)).rejects.toBe(LOGGED_OUT)
  // The socket's own close event comes later; it is not this side's news.
  await new Promise((resolve) => socket!.once('close', resolve))
  await expect(connection.request({ op: 'ping' }, 10_000)).rejects.toBe(LOGGED_OUT)
  expect(closes).toEqual([])
  expect(timers.pending).toBe(0)
})

test('a url the WebSocket refuses: each request rejects 6017 “Bad url.”, and nothing waits', async () => {
  const timers = manualTimers()
  const connection = openConnection(
    { WebSocket, timers, url: 'not a url' },
    () => {},
    () => {},
  )
  await expect(connection.request({ op: 'ping' }, 10_000)).rejects.toMatchObject({
    code: INVALID_PARAMETERS,
    message: 'Bad url.',
  })
  connection.close(clientError(NETWORK_ERROR))
  expect(timers.pending).toBe(0)
})
