/**
 * The small parts the kit session is built from, each on its own: which failures a silent
 * login retries and how long it waits, what the browser's memory keeps (and refuses), the
 * store's notifications, and how the app's own failure becomes 2003. In jsdom, whose
 * localStorage and sessionStorage are real Storage objects.
 */
import {
  ChatError,
  CLIENT_DESTROYED,
  ERROR_CODES,
  NETWORK_ERROR,
  REQUEST_TIMEOUT,
  USER_SIG_MISSING,
} from '@chatgate/protocol'
import { describe, expect, test } from 'vitest'
import { appFailureReason, callApp } from '../src/appFailure.js'
import { browserMemory } from '../src/kitMemory.js'
import { isRetryable, retryDelay, retrySettings } from '../src/retryPolicy.js'
import { createStore } from '../src/subscribable.js'

describe('retry policy', () => {
  test('the network’s codes and the server’s “later” refusals are retried; nothing else is', () => {
    const retried = [2800, 2801, 2805, 2899, 90_004, 90_005, 90_008, 90_010, 90_011, 90_013, 90_017]
    const final = [
      2003,
      2024,
      2799,
      2900,
      3005,
      6017,
      70_001,
      70_050,
      90_000,
      90_006,
      90_012,
      90_014,
      CLIENT_DESTROYED,
    ]
    expect(retried.filter(isRetryable)).toEqual(retried)
    expect(final.filter(isRetryable)).toEqual([])
    expect(isRetryable(NETWORK_ERROR) && isRetryable(REQUEST_TIMEOUT)).toBe(true)
  })

  test('full jitter: uniform below min·2^attempt, capped at max; defaults are the client’s', () => {
    const settings = retrySettings({ random: () => 0.5, backoff: { minMs: 100, maxMs: 1000 } })
    expect([0, 1, 2, 3, 4, 10].map((attempt) => retryDelay(settings, attempt))).toEqual([
      50, 100, 200, 400, 500, 500,
    ])
    expect(retryDelay({ ...settings, random: () => 0.999 }, 0)).toBe(99)

    const defaults = retrySettings()
    expect(defaults.timers).toBe(globalThis)
    expect(defaults.random).toBe(Math.random)
    expect(defaults.backoff).toEqual({ minMs: 500, maxMs: 30_000 })
  })
})

describe('the browser’s memory', () => {
  test('a kick mark per tab, or per browser when the tabs share; cleared by null', () => {
    const perTab = browserMemory(1400000001)
    perTab.kickMark.write({ type: 'multipleAccount', userID: 'alice' })
    expect(sessionStorage.getItem('chatgate:kicked:1400000001')).toBe(
      '{"type":"multipleAccount","userID":"alice"}',
    )
    expect(localStorage.getItem('chatgate:kicked:1400000001')).toBe(null)
    expect(perTab.kickMark.read()).toEqual({ type: 'multipleAccount', userID: 'alice' })
    perTab.kickMark.write(null)
    expect(perTab.kickMark.read()).toBe(null)
    expect(sessionStorage.length).toBe(0)

    const perBrowser = browserMemory(1400000002, true)
    perBrowser.kickMark.write({ type: 'REST_API_Kick', userID: 'bob' })
    expect(localStorage.getItem('chatgate:kicked:1400000002')).toContain('REST_API_Kick')
    expect(browserMemory(1400000001, true).kickMark.read()).toBe(null)
  })

  test('a kick mark that is not one reads as none', () => {
    const { kickMark } = browserMemory(7)
    for (const raw of [
      'not json',
      'null',
      '{"type":"noSuchKick","userID":"alice"}',
      '{"type":"multipleAccount","userID":"bad id!"}',
      '{"type":"multipleAccount"}',
    ]) {
      sessionStorage.setItem('chatgate:kicked:7', raw)
      expect(kickMark.read()).toBe(null)
    }
  })

  test('the remembered user: the UserID, marked when it may only prefill the form', () => {
    const { remembered } = browserMemory(9)
    remembered.write({ userID: 'carol', silent: true })
    expect(localStorage.getItem('chatgate:lastUserID:9')).toBe('carol')
    expect(remembered.read()).toEqual({ userID: 'carol', silent: true })

    remembered.write({ userID: 'carol', silent: false })
    expect(localStorage.getItem('chatgate:lastUserID:9')).toBe('!carol')
    expect(remembered.read()).toEqual({ userID: 'carol', silent: false })

    for (const raw of ['', '!', 'bad id!', '!bad id!']) {
      localStorage.setItem('chatgate:lastUserID:9', raw)
      expect(remembered.read()).toBe(null)
    }
    remembered.write(null)
    expect(localStorage.getItem('chatgate:lastUserID:9')).toBe(null)
    expect(remembered.read()).toBe(null)
  })

  test('where there is no storage (the server, React Native) it remembers nothing and never throws', () => {
    const storages = { localStorage, sessionStorage }
    Reflect.deleteProperty(globalThis, 'localStorage')
    Reflect.deleteProperty(globalThis, 'sessionStorage')
    try {
      const memory = browserMemory(11)
      memory.kickMark.write({ type: 'multipleAccount', userID: 'dan' })
      memory.remembered.write({ userID: 'dan', silent: true })
      expect(memory.kickMark.read()).toBe(null)
      expect(memory.remembered.read()).toBe(null)
    } finally {
      Object.assign(globalThis, storages)
    }
  })
})

describe('the store', () => {
  test('listeners hear (state, previous) on a change only, until they unsubscribe', () => {
    const store = createStore({ n: 0 })
    const heard: [number, number][] = []
    const unsubscribe = store.subscribe((state, previous) => heard.push([state.n, previous.n]))
    const same = store.getState()
    store.setState(same)
    store.setState({ n: 1 })
    expect(store.getState()).toEqual({ n: 1 })
    unsubscribe()
    store.setState({ n: 2 })
    expect(heard).toEqual([[1, 0]])
  })
})

describe('the app’s own failure', () => {
  test('passes a result through; an Error or anything thrown becomes 2003 with the app’s words', async () => {
    await expect(callApp(() => 'sig')).resolves.toBe('sig')
    await expect(callApp(async () => 'later sig')).resolves.toBe('later sig')

    const cause = new Error('backend down')
    const failed = await callApp(() => Promise.reject(cause)).catch((e: ChatError) => e)
    expect(failed).toBeInstanceOf(ChatError)
    expect(failed).toMatchObject({
      code: USER_SIG_MISSING,
      message: 'Could not get a UserSig: backend down',
      cause,
    })
    expect(appFailureReason(failed as ChatError)).toBe('backend down')

    const thrown = await callApp(() => {
      throw 'no session' // what some apps throw
    }).catch((e: ChatError) => e)
    expect(appFailureReason(thrown as ChatError)).toBe('no session')
    expect(appFailureReason(new ChatError(ERROR_CODES.USER_SIG_EXPIRED, 'x'))).toBe(undefined)
  })
})
