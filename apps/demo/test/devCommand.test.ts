import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../../.config/chromium.js'
import { DEMO_APP } from '../server/demoApp.js'
import { uniqueUserID } from './demoHarness.js'
import { detail, logIn } from './demoPage.js'
import { SCREENSHOTS } from './paths.js'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
const appDir = fileURLToPath(new URL('..', import.meta.url))

/** Output of the child so far, and a wait for a pattern in it. */
function watchOutput(child: ChildProcess) {
  let output = ''
  const waiters: (() => void)[] = []
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    for (const wake of waiters.splice(0)) wake()
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  return {
    text: () => output,
    /** The first group of `pattern` once it shows up in the output. */
    async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const match = pattern.exec(output)
        if (match?.[1]) return match[1]
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`No ${pattern} in the output of pnpm dev:\n${output}`)
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 200)
        })
      }
    },
  }
}

async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  )
}

describe('pnpm dev', () => {
  let child: ChildProcess | undefined
  let browser: Browser | undefined

  afterAll(async () => {
    await browser?.close()
    // Only if the test failed before stopping it: the whole process group, as Ctrl-C would.
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone between the check and the kill.
      }
    }
  })

  it('starts the login server and the Vite demo, prints the URL, serves a working login, never the secret key; Ctrl-C stops both', async () => {
    child = spawn('pnpm', ['dev'], {
      cwd: repoRoot,
      // Free ports, so the test never collides with a developer's `pnpm dev`.
      env: { ...process.env, DEMO_PORT: '0', LOGIN_SERVER_PORT: '0' },
      // Its own process group: the test sends SIGINT to all of it, as a terminal's Ctrl-C does.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const output = watchOutput(child)
    const demoUrl = await output.waitFor(/Chatgate demo\s+(http:\/\/\S+)/, 30_000)
    const wsUrl = await output.waitFor(/Login server\s+(ws:\/\/\S+)/, 1_000)
    expect(output.text()).toContain('Ctrl-C stops both')

    const config = await (await fetch(new URL('/config.json', demoUrl))).json()
    expect(config).toEqual({ SDKAppID: DEMO_APP.SDKAppID, url: wsUrl })
    // The dev server serves workspace files on request, but not the demo's Node side.
    for (const path of ['/server/demoApp.ts', `/@fs${appDir}server/demoApp.ts?raw`]) {
      const answer = await fetch(new URL(path, demoUrl))
      expect(answer.status).toBe(403)
      expect(await answer.text()).not.toContain(DEMO_APP.secretKey)
    }
    const loginHealth = new URL('/healthz', wsUrl.replace(/^ws/, 'http'))
    expect((await fetch(loginHealth)).ok).toBe(true)

    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
    const page = await browser.newPage()
    await page.goto(demoUrl)
    const userID = uniqueUserID('dev')
    await logIn(page, userID)
    expect(await detail(page, 'login-status')).toBe('1')
    await page.screenshot({ path: `${SCREENSHOTS}/pnpm-dev-logged-in.png`, fullPage: true })
    await browser.close()

    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()))
    process.kill(-child.pid!, 'SIGINT')
    await exited
    await expect.poll(() => refused(demoUrl), { timeout: 5_000 }).toBe(true)
    await expect.poll(() => refused(loginHealth.href), { timeout: 5_000 }).toBe(true)
    expect(output.text()).toContain('Stopping the demo and the login server')
  })
})
