import { Chat, type ChatSnapshot } from '@chatgate/core'
import { clientError, EVENT, NETWORK_ERROR, NOT_READY_LOGGED_OUT } from '@chatgate/protocol'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type Action,
  endedByServer,
  initialState,
  kickedOut,
  loggedIn,
  loggedOut,
  loginRefused,
  loginStarted,
  type MachineState,
  netStateChanged,
  renewFailed,
  serverError,
  userSigExpiring,
  userSigRenewed,
} from '../src/machine.js'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { manualTimers } from './helpers/manualTimers.js'

const error = clientError(NETWORK_ERROR)
const kick = { type: 'multipleAccount', userID: 'alice', at: 1 } as const

/** Every action the client dispatches, each with the arguments it is called with. */
const actions: Record<string, Action> = {
  loginStarted: loginStarted('alice'),
  loggedIn: loggedIn('alice', 5000),
  userSigRenewed: userSigRenewed(6000),
  userSigExpiring: userSigExpiring(6000),
  netStateChanged: netStateChanged('connecting'),
  loginRefused: loginRefused(error),
  endedByServer: endedByServer(error),
  kickedOut: kickedOut(kick),
  loggedOut,
  renewFailed: renewFailed(error),
  serverError: serverError(error),
}

test.each(Object.entries(actions))(
  '%s a second time changes nothing: the snapshot keeps its identity',
  (_name, action) => {
    const once = action(initialState)
    const twice = action(once)
    expect(twice.snapshot).toBe(once.snapshot)
    expect(twice.notReadyCode).toBe(once.notReadyCode)
  },
)

test('a change makes one new frozen snapshot with the patch applied and the rest kept', () => {
  const live = loggedIn('alice', 5000)(initialState)
  expect(live.snapshot).not.toBe(initialState.snapshot)
  expect(Object.isFrozen(live.snapshot)).toBe(true)
  expect(live.snapshot).toEqual({
    loginStatus: 1,
    userID: 'alice',
    ready: true,
    netState: 'connected',
    kick: null,
    error: null,
    userSigExpiresAt: 5000,
  })

  // One field differs among many that do not: still a new snapshot.
  const renewed = userSigRenewed(6000)(live)
  expect(renewed.snapshot).not.toBe(live.snapshot)
  expect(renewed.snapshot).toEqual({ ...live.snapshot, userSigExpiresAt: 6000 })
  const connecting = netStateChanged('connecting')(renewed)
  expect(connecting.snapshot).toEqual({ ...renewed.snapshot, netState: 'connecting' })
})

test.each([
  ['loginRefused', loginRefused],
  ['endedByServer', endedByServer],
  ['renewFailed', renewFailed],
  ['serverError', serverError],
])("%s keeps its failure as the snapshot's last error", (_name, failed) => {
  const live = loggedIn('alice', 5000)(initialState)
  expect(failed(error)(live).snapshot.error).toBe(error)
})

test('a notice leaves the snapshot as it was and is raised by its own change only', () => {
  const live = loggedIn('alice', 5000)(initialState)
  const warned = userSigExpiring(5000)(live)
  expect(warned.snapshot).toBe(live.snapshot)
  expect(warned.notice).toEqual([EVENT.USER_SIG_EXPIRING, { expiresAt: 5000 }])
  // The next change, whatever it is, carries no notice of its own: the warning is not raised twice.
  expect(netStateChanged('connected')(warned).notice).toBeNull()
  expect(renewFailed(error)(live).notice).toEqual([EVENT.ERROR, error])
})

test('logging out of a logged-out client changes nothing but what a ready call rejects with', () => {
  const out: MachineState = loggedOut(initialState)
  expect(out.snapshot).toBe(initialState.snapshot)
  expect(out.notReadyCode).toBe(NOT_READY_LOGGED_OUT)
})

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

test('USER_SIG_EXPIRING alone neither notifies subscribers nor replaces the snapshot', async () => {
  const timers = manualTimers()
  // Warn a whole sig lifetime ahead: the warning is due as soon as the login is ready.
  const chat = new Chat(live.options({ timers, renewBeforeMs: 3_600_000 }))
  await chat.login({ userID: 'warned_only', userSig: await live.sign('warned_only', 3600) })
  const ready = chat.getSnapshot()
  const seen: ChatSnapshot[] = []
  chat.subscribe(() => seen.push(chat.getSnapshot()))
  const warnings: unknown[] = []
  chat.on(Chat.EVENT.USER_SIG_EXPIRING, (event) => warnings.push(event.data))

  timers.advance(1000) // the warning's timer; the heartbeat's first ping is 25 s away

  expect(warnings).toEqual([{ expiresAt: ready.userSigExpiresAt }])
  expect(seen).toEqual([])
  expect(chat.getSnapshot()).toBe(ready)
  await chat.destroy()
})
