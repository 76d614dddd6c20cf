import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { Plugin, ViteDevServer } from 'vite'

/** The app the live stories log in to. */
export const STORY_SDK_APP_ID = 1400000001
const ADMIN = 'administrator'

interface RunningServer {
  wsUrl: string
  sign: (userID: string) => string
  kick: (userID: string) => Promise<unknown>
  close: () => Promise<void>
}

/**
 * Starts a Chatgate login server inside the Storybook (or Vitest) dev server, on first use,
 * and exposes three routes to stories under `/__chatgate/`:
 * - `GET config` → `{ SDKAppID, url }` to create a client;
 * - `POST usersig {userID}` → `{ userSig }`;
 * - `POST kick {userID}` → the admin REST kick, signed here so the browser never holds a key.
 * The secret key is random per run and never leaves this Node process.
 */
export function chatgateDevServer(): Plugin {
  let running: Promise<RunningServer> | undefined
  return {
    name: 'chatgate:dev-server',
    apply: 'serve',
    configureServer(vite) {
      vite.middlewares.use('/__chatgate', (req, res) => {
        running ??= start(vite)
        running
          .then((server) => route(server, req, res))
          .catch((error: unknown) => reply(res, 500, { error: String(error) }))
      })
      vite.httpServer?.once('close', () => {
        running?.then(
          (server) => server.close(),
          () => {},
        )
      })
    },
  }
}

async function start(vite: ViteDevServer): Promise<RunningServer> {
  // Loaded through Vite from source (the root has no @chatgate/* link of its own).
  const { createAdminClient, startServer } = (await vite.ssrLoadModule(
    fileURLToPath(new URL('../packages/server/src/index.ts', import.meta.url)),
  )) as typeof import('../packages/server/src/index.js')
  const { signUserSig } = (await vite.ssrLoadModule(
    fileURLToPath(new URL('../packages/usersig/src/index.ts', import.meta.url)),
  )) as typeof import('../packages/usersig/src/index.js')
  const secretKey = randomBytes(24).toString('hex')
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      apps: [
        {
          SDKAppID: STORY_SDK_APP_ID,
          secretKey,
          admin: ADMIN,
          login: { policy: 'mobile-or-desktop+web', maxInstances: { web: 1 } },
          sessionGraceSeconds: 1,
        },
      ],
      registry: { kind: 'memory' },
      dev: { usersigEndpoint: true },
    },
    { logLevel: 'warn' },
  )
  const sign = (userID: string) =>
    signUserSig({ sdkAppID: STORY_SDK_APP_ID, secretKey, userID, expireSeconds: 3600 })
  const admin = createAdminClient({
    url: server.url,
    sdkAppID: STORY_SDK_APP_ID,
    identifier: ADMIN,
    secretKey,
  })
  return { wsUrl: server.wsUrl, sign, kick: admin.kick, close: () => server.close() }
}

async function route(server: RunningServer, req: IncomingMessage, res: ServerResponse) {
  const path = req.url?.split('?')[0]
  if (req.method === 'GET' && path === '/config') {
    return reply(res, 200, { SDKAppID: STORY_SDK_APP_ID, url: server.wsUrl })
  }
  const body = req.method === 'POST' ? await readJson(req) : null
  const userID = typeof body?.userID === 'string' ? body.userID : ''
  if (path === '/usersig' && userID) return reply(res, 200, { userSig: server.sign(userID) })
  if (path === '/kick' && userID) return reply(res, 200, await server.kick(userID))
  reply(res, 404, { error: 'unknown route or missing userID' })
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return null
  }
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(body))
}
