import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Chat } from '@chatgate/core'
import { expect, test } from 'vitest'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Imports a module in a fresh Node process whose browser globals record every access. */
function importWithTraps(modulePath: string): { touched: string[]; exports: string[] } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', here('./fixtures/importWithTraps.mjs'), modulePath],
    { encoding: 'utf8', cwd: here('..') },
  )
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!)
}

test('importing @chatgate/core touches no browser global (Node, server rendering)', () => {
  const result = importWithTraps(here('../src/index.ts'))
  expect(result.exports).toEqual(expect.arrayContaining(['Chat', 'EVENT', 'TYPES', 'default']))
  expect(result.touched).toEqual([])
})

test('the import check does catch a module that reads a browser global at import', () => {
  expect(importWithTraps(here('./fixtures/readsWindow.ts')).touched).toEqual(['window'])
})

test('on a server (no window, no location) a client is created and its snapshot read', () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
  const chat = Chat.create({ SDKAppID: 1400000001 })
  expect(chat.getSnapshot()).toMatchObject({ loginStatus: 3, ready: false })
  expect(chat.isReady()).toBe(false)
})
