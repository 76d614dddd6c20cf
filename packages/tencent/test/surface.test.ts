/**
 * The stand-in of scriptedTencentChat.ts must look like the real `@tencentcloud/chat`
 * 3.6.6 where the adapter touches it. The real package loads in Node without network
 * (creating an instance would open a socket to Tencent, so none is created): its EVENT
 * and TYPES constants are compared at runtime, its instance members in its index.d.ts.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { ChatSDK } from '@tencentcloud/chat'
import { afterAll, beforeAll, describe, expect, expectTypeOf, test, vi } from 'vitest'
import type { TencentChat } from '../src/index.js'
import { createScriptedTencentChat, EVENT, TYPES } from './scriptedTencentChat.js'

const require = createRequire(import.meta.url)
let real: { EVENT: Record<string, string>; TYPES: Record<string, string | number> }
let typings: string
let bundle: string

beforeAll(async () => {
  // The real SDK prints its version on load.
  vi.spyOn(console, 'log').mockImplementation(() => {})
  const loaded = await import('@tencentcloud/chat')
  real = (loaded.default ?? loaded) as unknown as typeof real
  typings = readFileSync(require.resolve('@tencentcloud/chat/index.d.ts'), 'utf8')
  bundle = readFileSync(require.resolve('@tencentcloud/chat/index.es.js'), 'utf8')
})
afterAll(() => vi.restoreAllMocks())

/** Every member of `TencentChat`, which is every member the adapter calls. */
const ADAPTER_MEMBERS = {
  login: true,
  logout: true,
  destroy: true,
  getLoginUser: true,
  isReady: true,
  on: true,
  off: true,
} satisfies Record<keyof TencentChat, true>

/** The body of `export declare class ChatSDK { … }` in the real index.d.ts. */
function chatSdkDeclaration(): string {
  const start = typings.indexOf('export declare class ChatSDK {')
  expect(start).toBeGreaterThanOrEqual(0)
  return typings.slice(start, typings.indexOf('\n}\n', start))
}

describe('the stand-in matches @tencentcloud/chat 3.6.6', () => {
  test('EVENT values are the real runtime constants', () => {
    for (const [key, value] of Object.entries(EVENT)) expect(real.EVENT[key]).toBe(value)
  })

  test('TYPES values (kick types, net states) are the real runtime constants', () => {
    for (const [key, value] of Object.entries(TYPES)) expect(real.TYPES[key]).toBe(value)
  })

  test('the index.d.ts declares the same EVENT and TYPES values', () => {
    for (const [key, value] of [...Object.entries(EVENT), ...Object.entries(TYPES)]) {
      if (key === 'SDK_DESTROY') continue // in the runtime constants, not in the typings
      expect(typings).toContain(`${key} = '${value}',`)
    }
  })

  test('every member the adapter uses is declared on ChatSDK and present on the stand-in', () => {
    const declaration = chatSdkDeclaration()
    const { chat } = createScriptedTencentChat()
    for (const member of Object.keys(ADAPTER_MEMBERS)) {
      expect(declaration).toMatch(new RegExp(`\\n  ${member}\\(`))
      expect(typeof (chat as Record<string, unknown>)[member]).toBe('function')
    }
    expect(declaration).toContain('login(options: LOGIN_OPTIONS): Promise<any>;')
    expect(declaration).toContain('on(eventName: string, handler: Function, context?: any): void;')
  })

  test('its own errors are made with a code and no message, as the stand-in’s (2024, 2025)', () => {
    // The minified bundle rejects a logout nobody is logged in for, and a login within
    // 15 s of the last one, with `{ code }` alone; the stand-in answers the same codes so.
    expect(bundle).toMatch(/\bUSER_NOT_LOGGED_IN:2024\b/)
    expect(bundle).toMatch(/\bREPEAT_LOGIN:2025\b/)
    expect(bundle).toMatch(/\(\{code:\w+\.USER_NOT_LOGGED_IN\}\)/)
    expect(bundle).toMatch(/\(\{code:\w+\.REPEAT_LOGIN\}\)/)
  })

  test('the real ChatSDK type and the stand-in both fit fromTencentChat’s parameter', () => {
    expectTypeOf<ChatSDK>().toExtend<TencentChat>()
    expectTypeOf(createScriptedTencentChat().chat).toExtend<TencentChat>()
  })
})
