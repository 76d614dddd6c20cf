// @vitest-environment node
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'tsup'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import packageJson from '../package.json' with { type: 'json' }
import { buildOptions } from '../tsup.config.js'

let outDir: string
let files: Map<string, string>

// The package's own build options (tsup.config.ts), without declarations, into a scratch folder.
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'chatgate-react-build-'))
  const packageDir = new URL('..', import.meta.url).pathname
  await build({
    ...buildOptions,
    entry: Object.fromEntries(
      Object.entries(buildOptions.entry).map(([name, path]) => [name, join(packageDir, path)]),
    ),
    outDir,
    config: false,
    silent: true,
    tsconfig: new URL('../tsconfig.json', import.meta.url).pathname,
  })
  files = new Map()
  for (const name of await readdir(outDir)) {
    if (name.endsWith('.js')) files.set(name, await readFile(join(outDir, name), 'utf8'))
  }
}, 60_000)
afterAll(() => rm(outDir, { recursive: true, force: true }))

/** Every module a built file loads, itself included, following relative imports. */
function graph(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    for (const [, next] of (files.get(name) ?? '').matchAll(/from\s*["']\.\/([^"']+)["']/g))
      visit(next as string)
  }
  visit(entry)
  return [...seen]
}

const bareImports = (code: string) =>
  [...code.matchAll(/(?:from|import)\s*["']([^".'][^"']*)["']/g)].map((match) => match[1] as string)

describe('the built package', () => {
  test('every built file but the texts starts with the "use client" directive, once (rule 29)', () => {
    expect([...files.keys()]).toEqual(expect.arrayContaining(['index.js', 'hooks.js']))
    for (const [name, code] of files) {
      if (name === 'zh-CN.js') continue
      expect(code.startsWith('"use client";'), name).toBe(true)
      // A second one after the imports is no directive: Next.js refuses the file.
      expect(code.match(/["']use client["']/g), name).toHaveLength(1)
    }
  })

  test('the Chinese texts are plain data a Server Component can import: no directive, no import', () => {
    const code = files.get('zh-CN.js') ?? ''
    expect(code).toContain('var zhCN = {')
    expect(code).not.toMatch(/use client/)
    expect(graph('zh-CN.js')).toEqual(['zh-CN.js'])
    expect(bareImports(code)).toEqual([])
    // "用户 ID" as the build writes it; the kit's own code has none of it, so an app that
    // shows English ships no Chinese.
    const userIDLabel = String.raw`"\u7528\u6237 ID"`
    expect(code).toContain(userIDLabel)
    for (const name of graph('index.js')) expect(files.get(name), name).not.toContain(userIDLabel)
  })

  test('the hooks entry loads no DOM component and touches no document or window', () => {
    const code = graph('hooks.js')
      .map((name) => files.get(name))
      .join('\n')
    expect(code).toContain('function ChatProvider')
    expect(code).toContain('function useSession')
    for (const absent of ['LoginForm', 'KickedOutModal', 'LoginGate', 'SignOutButton']) {
      expect(code).not.toContain(`function ${absent}`)
    }
    expect(code).not.toMatch(/\bdocument\b|\bwindow\b/)
    // What the kit remembers goes to Web Storage only through a guarded lookup on
    // globalThis: React Native has none, and then the kit remembers nothing.
    expect(code).not.toMatch(/(?<![\w."'])(?:localStorage|sessionStorage)\b/)
  })

  test('react-dom is a peer dependency exactly when the built code imports it', () => {
    const imported = new Set([...files.values()].flatMap(bareImports))
    const peers = Object.keys(packageJson.peerDependencies)
    expect(peers.includes('react-dom')).toBe(imported.has('react-dom'))
    for (const peer of ['react', '@tanstack/react-query']) expect(peers).toContain(peer)
    // Peers and dependencies stay imports; nothing of them is bundled in.
    expect([...imported].sort()).toEqual(
      expect.arrayContaining(['@chatgate/core', '@tanstack/react-query', 'react']),
    )
  })
})
