/**
 * Rule 38: code typed against react-native-tim-js compiles against `@chatgate/v2tim` with
 * only the import changed. `fixtures/timTypings/reactNativeApp.ts` is written against the
 * plugin (its listener and argument types, `LogLevelEnum[level]`, enum members as types, the
 * callbacks' generic types); `loginStatusNames.ts` names the statuses with this package's
 * constants. Each test runs the TypeScript compiler (`tsc --noEmit`, strict) over them.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { buildAsShipped } from '../../../.config/size.js'
import { edited, typeErrors } from '../../../.config/typeErrors.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const fixture = (name: string) => readFileSync(here(`./fixtures/timTypings/${name}`), 'utf8')

/** The one change an app makes: the import, and Chatgate's url as initSDK's fourth argument. */
const migrated = (text: string) =>
  edited(text, [
    ["from 'react-native-tim-js'", "from '@chatgate/v2tim'"],
    [
      'initSDK(sdkAppID, logLevel, sdkListener)',
      "initSDK(sdkAppID, logLevel, sdkListener, { url: 'wss://chat.example.com/ws' })",
    ],
  ])

/** The programs, at `dir`, so that they resolve `@chatgate/v2tim` from there. */
const programs = (dir: string) => ({
  [join(dir, 'reactNativeApp.ts')]: migrated(fixture('reactNativeApp.ts')),
  [join(dir, 'loginStatusNames.ts')]: fixture('loginStatusNames.ts'),
})

test('a module typed against react-native-tim-js compiles with only the import changed', () => {
  const errors = typeErrors(programs(here('./fixtures/timTypings')), {
    customConditions: ['source'],
  })
  expect(errors).toEqual([])
}, 60_000)

test('…and against @chatgate/v2tim as built, its web and its react-native entry', async () => {
  const app = await mkdtemp(join(tmpdir(), 'chatgate-v2tim-typings-'))
  try {
    const modules = join(app, 'node_modules')
    await Promise.all(
      ['protocol', 'core', 'v2tim'].map((name) =>
        buildAsShipped(name, modules, { declarations: true }),
      ),
    )
    expect(typeErrors(programs(app))).toEqual([])
    expect(typeErrors(programs(app), { customConditions: ['react-native'] })).toEqual([])
  } finally {
    await rm(app, { recursive: true, force: true })
  }
}, 180_000)

test('the compile check does fail: react-native-tim-js members Chatgate does not have', () => {
  const source = [
    `import { LogLevelEnum, TencentImSDKPlugin, type V2TimSDKListener } from '@chatgate/v2tim'`,
    `TencentImSDKPlugin.v2TIMManager.sendC2CTextMessage('hi', 'alice')`,
    `const level: LogLevelEnum = LogLevelEnum.V2TIM_LOG_TRACE`,
    `const listener: V2TimSDKListener = { onConnecting: () => {} }`,
  ].join('\n')
  const errors = typeErrors(
    { [here('./fixtures/timTypings/missing.ts')]: source },
    { customConditions: ['source'] },
  )
  expect(errors.map((error) => error.split(': ')[0]?.split(':').at(-1))).toEqual(['2', '3', '4'])
}, 60_000)
