import { Chat, type SharedLogin } from '@chatgate/core'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { manualTimers } from './helpers/manualTimers.js'
import { countingWebSocket, recordEvents } from './helpers/recorder.js'

// The hooks a client sharing its session with others (`@chatgate/tabs`) needs of core.

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer({ maxWeb: 1 })
})
afterAll(() => live.close())

const admissions = () => live.metric('chatgate_logins_total{resumed="false"}')

/**
 * A client logged in as `userID` that reports what a resume needs. Its timers are manual:
 * once another client takes its session over (the server drops its socket), it never
 * reconnects, as a closed tab would not.
 */
async function holder(userID: string) {
  const resumable: [string, string][] = []
  const sockets: WebSocket[] = []
  class KeptWebSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      sockets.push(this)
    }
  }
  const chat = new Chat(live.options({ WebSocket: KeptWebSocket, timers: manualTimers() }))
  const login: SharedLogin = {
    userID,
    userSig: await live.sign(userID),
    onResumable: (sessionId, userSig) => resumable.push([sessionId, userSig]),
  }
  await chat.login(login)
  const [[sessionId, userSig]] = resumable as [[string, string]]
  /** What another client resumes with. */
  const resume: SharedLogin = {
    userID,
    userSig,
    resume: sessionId,
    expiresAt: chat.getSnapshot().userSigExpiresAt!,
  }
  /** Its page is gone: the socket drops, the server keeps the session for its grace period. */
  const vanish = () => sockets.at(-1)!.terminate()
  return { chat, login, resumable, resume, vanish }
}

test('onResumable tells the session id and UserSig when the session goes live, and again after a renewal', async () => {
  const { chat, login, resumable } = await holder('shared_told')
  const [[sessionId, userSig]] = resumable as [[string, string]]
  expect(userSig).toBe(login.userSig)
  expect(sessionId).toEqual(expect.any(String))

  const renewed = await live.sign('shared_told', 7200)
  await chat.renewUserSig(renewed)

  expect(resumable).toEqual([
    [sessionId, login.userSig],
    [sessionId, renewed],
  ])
})

test('a login with resume takes a live session over: logged in at once, no admission, one instance (rules 15, 32)', async () => {
  const { resume } = await holder('shared_taken')
  const { resume: sessionId, expiresAt } = resume
  const admitted = await admissions()
  const counter = countingWebSocket()
  const second = new Chat(live.options({ WebSocket: counter.WebSocket }))
  const events = recordEvents(second)

  const taking = second.login(resume)

  // Logged in before any answer: the session is the same one, only its socket is new.
  expect(second.getSnapshot()).toMatchObject({
    loginStatus: 1,
    ready: true,
    userID: 'shared_taken',
    netState: 'connecting',
    userSigExpiresAt: expiresAt,
  })
  await taking
  await vi.waitFor(() => expect(second.getSnapshot().netState).toBe('connected'))
  expect(events).toEqual([
    'netStateChange:connected',
    'sdkStateReady',
    'netStateChange:connecting',
    'netStateChange:connected',
  ])
  expect(counter.frames).toEqual([expect.objectContaining({ op: 'login', resume: sessionId })])
  expect(await admissions()).toBe(admitted)
  expect(await live.onlineStatus(['shared_taken'])).toMatchObject([
    { Detail: [{ Status: 'Online' }] },
  ])
  await second.destroy()
})

test('a resume of a session displaced meanwhile gets its kick, as a reconnect does (rules 16, 32)', async () => {
  const { resume, vanish } = await holder('shared_gone')
  // The holder goes; then another device logs in and displaces its session.
  vanish()
  const other = new Chat(live.options())
  await other.login({ userID: 'shared_gone', userSig: await live.sign('shared_gone') })

  const second = new Chat(live.options())
  const events = recordEvents(second)
  await second.login(resume)

  await vi.waitFor(() => expect(events).toContain('kickedOut:multipleAccount'))
  expect(events.slice(-3)).toEqual([
    'kickedOut:multipleAccount',
    'sdkStateNotReady',
    'netStateChange:disconnected',
  ])
  expect(other.isReady()).toBe(true)
  await other.destroy()
})
