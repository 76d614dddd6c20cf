import { rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const appDir = fileURLToPath(new URL('..', import.meta.url))
const workspace = fileURLToPath(new URL('../../..', import.meta.url))
// Stands for a real key; the probes below carry it.
const SECRET = `probe-secret-${process.pid}-${Date.now()}`

/**
 * Files a developer may keep with secrets in them, where Vite's dev server could be asked
 * for them: the config file of the server README (`chatgate.json`) at the workspace root
 * and inside the app, and any other file at the root.
 */
const probes = {
  rootConfig: `${workspace}chatgate.vite-probe-${process.pid}.json`,
  rootOther: `${workspace}vite-probe-${process.pid}.txt`,
  appConfig: `${appDir}chatgate.vite-probe-${process.pid}.json`,
}

describe("Vite's dev server keeps secrets out of what it serves", () => {
  let vite: ViteDevServer
  let base: string

  beforeAll(async () => {
    for (const file of Object.values(probes))
      writeFileSync(file, JSON.stringify({ secretKey: SECRET }))
    vite = await createServer({
      configFile: `${appDir}vite.config.ts`,
      root: appDir,
      logLevel: 'silent',
      clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    })
    await vite.listen()
    const address = vite.httpServer?.address()
    if (!address || typeof address !== 'object') throw new Error('Vite did not listen')
    base = `http://127.0.0.1:${address.port}`
  })

  afterAll(async () => {
    await vite?.close()
    for (const file of Object.values(probes)) rmSync(file, { force: true })
  })

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`)
    return { status: response.status, text: await response.text() }
  }

  it.each([
    ['a chatgate.json at the workspace root, through /@fs/', `/@fs${probes.rootConfig}`],
    ['any other file at the workspace root, through /@fs/', `/@fs${probes.rootOther}`],
    ['a chatgate.json inside the app, through /@fs/', `/@fs${probes.appConfig}`],
    ['a chatgate.json inside the app, by its path', `/${probes.appConfig.slice(appDir.length)}`],
    ['a chatgate.json inside the app, as ?raw', `/${probes.appConfig.slice(appDir.length)}?raw`],
    ['the demo server code that holds its dev key', '/server/demoApp.ts'],
  ])('refuses %s', async (_label, path) => {
    const answer = await get(path)
    expect(answer.status).toBe(403)
    expect(answer.text).not.toContain(SECRET)
    expect(answer.text).not.toContain('chatgate-demo-secret')
  })

  it('still serves the page and the workspace sources it is built from', async () => {
    expect((await get('/src/main.tsx')).status).toBe(200)
    expect((await get(`/@fs${workspace}packages/react/src/index.ts`)).status).toBe(200)
  })
})
