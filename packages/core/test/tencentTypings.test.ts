/**
 * Rule 38: code typed against TencentCloudChat's index.d.ts compiles against
 * `@chatgate/core` with only the import changed. `fixtures/tencentTypings/webApp.ts` is a
 * strict module in the style of Tencent's Web documents and typed apps (`ChatSDK`, enum
 * types and enum members as types, string event names, `Function` handlers,
 * `setLogLevel(number)`, `ReturnType<typeof TencentCloudChat.create>`). Each test runs the
 * TypeScript compiler over it (`tsc --noEmit`, strict) and expects no error.
 */

import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Chat } from '@chatgate/core'
import { describe, expect, test } from 'vitest'
import { buildAsShipped } from '../../../.config/size.js'
import { edited, typeErrors } from '../../../.config/typeErrors.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const FIXTURE = here('./fixtures/tencentTypings/webApp.ts')
const written = readFileSync(FIXTURE, 'utf8')

/** The one change an app makes: the import, and Chatgate's `url` beside the SDKAppID. */
const migrated = (text: string) =>
  edited(text, [
    ["from '@tencentcloud/chat'", "from '@chatgate/core'"],
    ['SDKAppID: 0,', "SDKAppID: 0, url: 'wss://chat.example.com/ws',"],
  ])

/** Beside the fixture, so that it resolves packages as the fixture does. */
const besideFixture = (name: string) => here(`./fixtures/tencentTypings/${name}`)
const fromSources = { customConditions: ['source'] }
/** A guard against a hang, not a measure: a compile takes seconds on a busy machine. */
const COMPILE_TIMEOUT_MS = 60_000

describe('a module typed against @tencentcloud/chat 3.6.6', () => {
  test(
    'compiles against the real package’s index.d.ts as written (the module is fair)',
    () => {
      expect(typeErrors({ [FIXTURE]: written })).toEqual([])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'compiles against @chatgate/core with only the import changed (and a url)',
    () => {
      const file = besideFixture('webApp.chatgate.ts')
      expect(typeErrors({ [file]: migrated(written) }, fromSources)).toEqual([])
    },
    COMPILE_TIMEOUT_MS,
  )

  test('compiles against @chatgate/core as built: its dist and d.ts, as an app installs them', async () => {
    const app = await mkdtemp(join(tmpdir(), 'chatgate-typings-'))
    try {
      const modules = join(app, 'node_modules')
      await buildAsShipped('protocol', modules, { declarations: true })
      await buildAsShipped('core', modules, { declarations: true })
      expect(typeErrors({ [join(app, 'webApp.ts')]: migrated(written) })).toEqual([])
    } finally {
      await rm(app, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('Chat.EVENT and Chat.TYPES as types', () => {
  test(
    'every member of each is a type: exactly its value',
    () => {
      const lines = Object.entries({ EVENT: Chat.EVENT, TYPES: Chat.TYPES }).flatMap(
        ([table, values]) =>
          Object.entries(values).flatMap(([member, value]) => [
            `export const ${table}_${member}: Chat.${table}.${member} = ${JSON.stringify(value)}`,
            `export const ${table}_${member}_any: Chat.${table} = Chat.${table}.${member}`,
            `// @ts-expect-error another value is not this member's type`,
            `export const ${table}_${member}_not: Chat.${table}.${member} = 'x${value}'`,
          ]),
      )
      const source = [`import { Chat } from '@chatgate/core'`, ...lines].join('\n')
      expect(typeErrors({ [besideFixture('members.ts')]: source }, fromSources)).toEqual([])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'the compile check does fail: TencentCloudChat members Chatgate does not have',
    () => {
      const source = [
        `import TencentCloudChat, { type ChatSDK } from '@chatgate/core'`,
        `const chat: ChatSDK = TencentCloudChat.create({ SDKAppID: 0 })`,
        `const text: TencentCloudChat.TYPES = TencentCloudChat.TYPES.MSG_TEXT`,
        `chat.getMessageList({ conversationID: 'C2Calice' })`,
        `chat.on('kickedOut', 42)`,
      ].join('\n')
      const errors = typeErrors({ [besideFixture('missing.ts')]: source }, fromSources)
      expect(errors.map((error) => error.split(': ')[0]?.split(':').at(-1))).toEqual([
        '3',
        '4',
        '5',
      ])
    },
    COMPILE_TIMEOUT_MS,
  )
})
