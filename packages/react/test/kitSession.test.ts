/**
 * The kit session without React: one real client against the real server, the browser's
 * memory in jsdom's storage, retries on manual timers. What it writes (the kick mark, the
 * remembered user, its state) and whom it tells (kick and acknowledge handlers, caches),
 * at each change of the client.
 */
import { Chat } from '@chatgate/core'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { manualTimers } from '../../core/test/helpers/manualTimers.js'
import { browserMemory } from '../src/kitMemory.js'
import { createKitSession, type KitSessionConfig, sameKick } from '../src/kitSession.js'
import { retrySettings } from '../src/retryPolicy.js'
import { type LiveServer, startLiveServer } from './liveServer.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

function kitFor(extra: Partial<KitSessionConfig> = {}) {
  const client = new Chat(live.options())
  const memory = browserMemory(live.SDKAppID)
  const timers = manualTimers()
  const kit = createKitSession({
    client,
    memory,
    retry: retrySettings({ timers, random: () => 0.5 }),
    ...extra,
  })
  const states: ReturnType<typeof kit.getState>[] = []
  kit.subscribe((state) => states.push(state))
  return { client, memory, timers, kit, states }
}

/** Another client of the same user pushes `userID`'s first client out (one web instance). */
async function kickOut(userID: string) {
  const other = new Chat(live.options())
  await other.login({ userID, userSig: live.sign(userID) })
  return other
}

test('the state before and after start: loading only with an autoLogin, no kick and nobody logged in', async () => {
  const autoLogin = async () => null
  const withAuto = kitFor({ autoLogin })
  expect(withAuto.kit.serverState).toMatchObject({ restore: 'running', started: false })
  expect(withAuto.kit.getState()).toMatchObject({ restore: 'running', kickMark: null })
  const stop = withAuto.kit.start()
  // autoLogin answered nobody: loading ends, nothing else changes.
  await vi.waitFor(() => expect(withAuto.kit.getState().restore).toBe('idle'))
  expect(withAuto.kit.getState()).toMatchObject({ started: true, userID: '', error: null })
  stop()

  const plain = kitFor()
  expect(plain.kit.serverState.restore).toBe('idle')
  expect(plain.kit.getState().restore).toBe('idle')

  plain.memory.kickMark.write({ type: 'multipleAccount', userID: 'marked' })
  const marked = kitFor({ autoLogin })
  expect(marked.kit.serverState.restore).toBe('running')
  expect(marked.kit.getState()).toMatchObject({
    restore: 'idle',
    kickMark: { type: 'multipleAccount', userID: 'marked' },
  })
  marked.kit.start()()
  expect(marked.kit.getState().started).toBe(false)
  plain.memory.kickMark.write(null)
})

test('a login clears the kick mark and, while the gate remembers, remembers the user; a logout forgets both', async () => {
  const { client, memory, kit, states } = kitFor()
  memory.kickMark.write({ type: 'multipleAccount', userID: 'kim' })
  const stop = kit.start()
  const forget = kit.remember(() => live.sign('kim'))
  await kit.login({ userID: 'kim', userSig: live.sign('kim') })
  expect(memory.kickMark.read()).toBe(null)
  expect(memory.remembered.read()).toEqual({ userID: 'kim', silent: true })
  expect(kit.getState()).toMatchObject({
    restore: 'idle',
    kickMark: null,
    remembered: { userID: 'kim', silent: true },
  })

  let signedOut = false
  await kit.logout(() => {
    signedOut = true
  })
  expect(signedOut).toBe(true)
  expect(memory.remembered.read()).toBe(null)
  expect(kit.getState()).toMatchObject({ remembered: null, kickMark: null })
  // No state is set twice: every state the listeners heard differs from the one before.
  for (let i = 1; i < states.length; i++) expect(states[i]).not.toEqual(states[i - 1])
  forget()
  stop()
  await client.destroy()
})

test('without the gate remembering, a login writes no remembered user', async () => {
  const { client, memory, kit } = kitFor()
  const stop = kit.start()
  const forget = kit.remember(() => live.sign('nora'))
  forget()
  await kit.login({ userID: 'nora', userSig: live.sign('nora') })
  expect(memory.remembered.read()).toBe(null)
  expect(kit.getState().remembered).toBe(null)
  stop()
  await client.destroy()
})

test('a kick: marked and told once; acknowledged once, which clears the caches once; the next login clears nothing more', async () => {
  const { client, memory, kit } = kitFor()
  const stop = kit.start()
  kit.remember(() => live.sign('kay'))
  const kicks: string[] = []
  const offKick = kit.onKick((kick) => kicks.push(kick.type))
  let acknowledged = 0
  kit.onAcknowledge(() => acknowledged++)
  let cleared = 0
  kit.addCache({ clear: () => cleared++ })

  kit.acknowledge() // no kick yet: nothing
  expect(acknowledged).toBe(0)

  await kit.login({ userID: 'kay', userSig: live.sign('kay') })
  const other = await kickOut('kay')
  await vi.waitFor(() => expect(kicks).toEqual(['multipleAccount']))
  expect(memory.kickMark.read()).toEqual({ type: 'multipleAccount', userID: 'kay' })
  expect(kit.getState()).toMatchObject({
    kickMark: { type: 'multipleAccount', userID: 'kay' },
    remembered: { userID: 'kay', silent: false },
  })
  expect(memory.remembered.read()).toEqual({ userID: 'kay', silent: false })

  kit.acknowledge()
  kit.acknowledge()
  expect(acknowledged).toBe(1)
  expect(cleared).toBe(1)
  expect(sameKick(kit.getState().acknowledged, client.getSnapshot().kick)).toBe(true)

  offKick()
  await other.destroy()
  await kit.login({ userID: 'kay', userSig: live.sign('kay') })
  expect(cleared).toBe(1)
  expect(kicks).toEqual(['multipleAccount'])
  stop()
  await client.destroy()
})

test('a kick not acknowledged: the next login clears the kicked user’s caches, once', async () => {
  const { client, kit } = kitFor()
  const stop = kit.start()
  let cleared = 0
  const removeCache = kit.addCache({ clear: () => cleared++ })
  const ignored = kit.addCache({ clear: () => cleared++ })
  ignored()
  await kit.login({ userID: 'lee', userSig: live.sign('lee') })
  const other = await kickOut('lee')
  await vi.waitFor(() => expect(client.getSnapshot().kick).not.toBe(null))
  await other.destroy()

  await kit.login({ userID: 'lee', userSig: live.sign('lee') })
  expect(cleared).toBe(1)
  await kit.logout()
  await kit.login({ userID: 'lee', userSig: live.sign('lee') })
  expect(cleared).toBe(1)
  removeCache()
  stop()
  await client.destroy()
})

test('the remembered user logs in silently once the gate remembers, unless kicked, started or logged in', async () => {
  const { client, memory } = kitFor()
  memory.remembered.write({ userID: 'rem', silent: true })
  const first = kitFor()
  expect(first.kit.canRestoreRemembered(first.kit.getState())).toBe(true)
  expect(first.kit.canRestoreRemembered({ ...first.kit.getState(), started: true })).toBe(false)
  expect(
    first.kit.canRestoreRemembered({
      ...first.kit.getState(),
      kickMark: { type: 'multipleAccount', userID: 'rem' },
    }),
  ).toBe(false)
  expect(
    first.kit.canRestoreRemembered({
      ...first.kit.getState(),
      remembered: { userID: 'rem', silent: false },
    }),
  ).toBe(false)
  expect(
    kitFor({ autoLogin: async () => null }).kit.canRestoreRemembered(first.kit.getState()),
  ).toBe(false)

  const stop = first.kit.start()
  expect(first.kit.getState().restore).toBe('idle')
  first.kit.remember((userID) => live.sign(userID))
  await vi.waitFor(() => expect(first.client.getSnapshot().ready).toBe(true))
  expect(first.client.getSnapshot().userID).toBe('rem')
  expect(first.kit.getState()).toMatchObject({ restore: 'idle', started: true, userID: 'rem' })
  expect(first.kit.canRestoreRemembered(first.kit.getState())).toBe(false)
  stop()
  await first.client.destroy()
  await client.destroy()
})

test('a remembered user the server refuses: the form, prefilled; no silent login on the next load', async () => {
  const { memory } = kitFor()
  memory.remembered.write({ userID: 'refused_rem', silent: true })
  const { client, kit } = kitFor()
  const stop = kit.start()
  kit.remember((userID) => live.sign(userID, { secretKey: 'not-the-apps-key-0123456789abcdef' }))
  await vi.waitFor(() => expect(kit.getState().error).not.toBe(null))
  expect(kit.getState()).toMatchObject({
    restore: 'idle',
    remembered: { userID: 'refused_rem', silent: false },
  })
  expect(memory.remembered.read()).toEqual({ userID: 'refused_rem', silent: false })
  stop()
  await client.destroy()
})

test('a logout made on the client itself (not through the kit) forgets the remembered user too', async () => {
  const { client, memory, kit } = kitFor()
  const stop = kit.start()
  kit.remember((userID) => live.sign(userID))
  await kit.login({ userID: 'direct_out', userSig: live.sign('direct_out') })
  expect(memory.remembered.read()).toEqual({ userID: 'direct_out', silent: true })
  await client.logout()
  expect(kit.getState().remembered).toBe(null)
  expect(memory.remembered.read()).toBe(null)
  stop()
  await client.destroy()
})
