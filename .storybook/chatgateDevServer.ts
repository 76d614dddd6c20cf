import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { Plugin, ViteDevServer } from 'vite'

type Testing = typeof import('../packages/server/src/testing/index.js')
type DevServer = Awaited<ReturnType<Testing['startDevServer']>>

/**
 * Starts a Chatgate dev server (`@chatgate/server/testing`) inside the Storybook (or
 * Vitest) dev server, on first use, and exposes three routes to stories under `/__chatgate/`:
 * - `GET config` → `{ SDKAppID, url }` to create a client;
 * - `POST usersig {userID}` → `{ userSig }`;
 * - `POST kick {userID}` → the admin REST kick, signed here so the browser never holds a key.
 * The secret key is random per run and never leaves this Node process.
 */
export function chatgateDevServer(): Plugin {
  let running: Promise<{ dev: DevServer; testing: Testing }> | undefined
  return {
    name: 'chatgate:dev-server',
    apply: 'serve',
    configureServer(vite) {
      vite.middlewares.use('/__chatgate', (req, res) => {
        running ??= start(vite)
        running
          .then(({ dev, testing }) => route(dev, testing, req, res))
          .catch((error: unknown) => {
            res.statusCode = 500
            res.end(String(error))
          })
      })
      vite.httpServer?.once('close', () => {
        running?.then(
          ({ dev }) => dev.close(),
          () => {},
        )
      })
    },
  }
}

async function start(vite: ViteDevServer) {
  // Loaded through Vite from source (the root has no @chatgate/* link of its own).
  const testing = (await vite.ssrLoadModule(
    fileURLToPath(new URL('../packages/server/src/testing/index.ts', import.meta.url)),
  )) as Testing
  // One web instance per user, so a second login in a story kicks the first.
  const dev = await testing.startDevServer({
    app: { sessionGraceSeconds: 1 },
    server: { logLevel: 'warn' },
  })
  return { dev, testing }
}

async function route(dev: DevServer, testing: Testing, req: IncomingMessage, res: ServerResponse) {
  const path = testing.requestPath(req)
  if (req.method === 'GET' && path === '/config') {
    return testing.sendJson(res, 200, { SDKAppID: dev.SDKAppID, url: dev.wsUrl })
  }
  const body = req.method === 'POST' ? await testing.readJsonObject(req) : null
  const userID = body?.ok && typeof body.value.userID === 'string' ? body.value.userID : ''
  if (path === '/usersig' && userID)
    return testing.sendJson(res, 200, { userSig: dev.sign(userID) })
  if (path === '/kick' && userID) return testing.sendJson(res, 200, await dev.kick(userID))
  testing.sendJson(res, 404, { error: 'unknown route or missing userID' })
}
