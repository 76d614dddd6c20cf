// `pnpm dev:next` (or `pnpm dev` here): builds the packages the example imports, starts a
// login server and `next dev` with the example's environment, prints the URL to open, and
// stops both on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { buildPackages } from './buildPackages.js'

const appDir = fileURLToPath(new URL('..', import.meta.url))
const nextBin = fileURLToPath(new URL('../node_modules/.bin/next', import.meta.url))
const port = process.env.PORT || '3000'

let loginServer: DevServer | undefined
let next: ChildProcess | undefined

async function stop(exitCode: number): Promise<never> {
  next?.kill('SIGTERM')
  await loginServer?.close()
  process.exit(exitCode)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void stop(0))
}

console.log('Building @chatgate/protocol, core, react and usersig…')
await buildPackages()

// A key made up for this run: the login server and the example's backend share it, and no
// browser ever sees it.
const secretKey = randomBytes(24).toString('hex')
loginServer = await startDevServer({
  app: { secretKey, login: { policy: 'mobile-or-desktop+web', maxInstances: { web: 1 } } },
  // The example signs its own UserSigs; the server's development endpoint stays off.
  config: { dev: { usersigEndpoint: false } },
})
console.log(`Login server: ${loginServer.wsUrl}`)

next = spawn(nextBin, ['dev', '-H', '127.0.0.1', '-p', port], {
  cwd: appDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    CHATGATE_SDKAPPID: String(loginServer.SDKAppID),
    CHATGATE_URL: loginServer.wsUrl,
    CHATGATE_SECRET_KEY: secretKey,
    CHATGATE_ADMIN: loginServer.app.admin,
    APP_SESSION_SECRET: randomBytes(24).toString('hex'),
  },
})
next.on('exit', (code) => void stop(code ?? 0))
console.log(`Open http://127.0.0.1:${port} (Ctrl-C stops both).`)
