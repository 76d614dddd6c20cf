import { clientError, NETWORK_ERROR } from '@chatgate/protocol'
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

test('every request made while the socket is still connecting goes out when it opens, in order', async () => {
  const userID = 'early_bird'
  const userSig = await live.sign(userID)
  const timers = manualTimers()
  const connection = openConnection(
    { WebSocket, timers, url: live.wsUrl },
    () => {},
    () => {},
  )
  // Both are made before the socket opens: the server must see the login first, then the ping.
  const login = connection.request(
    { op: 'login', sdkAppID: SDK_APP_ID, userID, userSig, platform: 'web' },
    10_000,
  )
  const ping = connection.request({ op: 'ping' }, 10_000)

  await expect(login).resolves.toMatchObject({ op: 'ready', userID, resumed: false })
  await expect(ping).resolves.toMatchObject({ op: 'pong' })
  connection.close(clientError(NETWORK_ERROR))
  // Nothing left waiting: both timeouts were cleared by their replies.
  expect(timers.pending).toBe(0)
})
