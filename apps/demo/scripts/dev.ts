// `pnpm dev`: starts the demo's login server and Vite's dev server in one process, prints
// the URL to open, and stops both on Ctrl-C (SIGINT) or SIGTERM.
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { type DemoStack, startDemoStack } from '../server/demoStack.js'
import { demoRoutesPlugin } from '../server/vitePlugin.js'

const appDir = fileURLToPath(new URL('..', import.meta.url))

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number (0–65535), got "${raw}".`)
    process.exit(2)
  }
  return port
}

const host = process.env.DEMO_HOST || '127.0.0.1'
const demoPort = portFromEnv('DEMO_PORT', 5173)
const loginPort = portFromEnv('LOGIN_SERVER_PORT', 8787)
const loginPortChosen = Boolean(process.env.LOGIN_SERVER_PORT)

/**
 * The page learns the login server's URL at run time, so any port works: when the default
 * one is taken (another `pnpm dev`), take a free one rather than fail. A port the user
 * chose is kept, and its failure reported.
 */
async function startLoginServer(): Promise<DemoStack> {
  try {
    return await startDemoStack({ host, port: loginPort })
  } catch (error) {
    if (loginPortChosen || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    return startDemoStack({ host, port: 0 })
  }
}

let stack: DemoStack | undefined
let vite: ViteDevServer | undefined
let stopping = false

async function stop(exitCode: number): Promise<void> {
  if (stopping) return
  stopping = true
  await Promise.allSettled([vite?.close(), stack?.close()])
  process.exit(exitCode)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while closing means "now".
    if (stopping) process.exit(130)
    console.log('\nStopping the demo and the login server…')
    void stop(0)
  })
}

try {
  stack = await startLoginServer()
  vite = await createServer({
    configFile: `${appDir}vite.config.ts`,
    root: appDir,
    clearScreen: false,
    plugins: [demoRoutesPlugin(stack.routes)],
    server: { host, port: demoPort, strictPort: false },
  })
  await vite.listen()
} catch (error) {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : error}`)
  console.error('Set DEMO_PORT or LOGIN_SERVER_PORT to use other ports (0 picks a free one).')
  await stop(1)
}

if (vite && stack) {
  const url = vite.resolvedUrls?.local[0] ?? `http://${host}:${demoPort}/`
  console.log(`
  Chatgate demo      ${url}
  Login server       ${stack.loginServer.wsUrl}  (SDKAppID ${stack.app.SDKAppID}, one web instance per user)
  Admin REST         ${stack.loginServer.url}/v4/…  (admin "${stack.app.admin}", signed by this process)

  Open ${url} and log in — a second tab shares that login; a second browser with the same
  UserID kicks every tab (or open ${url}?shareTabs=0 in two tabs: the second kicks the first).
  Ctrl-C stops both.
`)
}
