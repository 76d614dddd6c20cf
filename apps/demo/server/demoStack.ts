import { startServer } from '@chatgate/server'
import { DEMO_APP, type DemoApp } from './demoApp.js'
import { createDemoRoutes, type DemoRoutes } from './demoRoutes.js'

type LoginServer = Awaited<ReturnType<typeof startServer>>
type ServerOptions = Parameters<typeof startServer>[1]

export interface DemoStack {
  app: DemoApp
  loginServer: LoginServer
  /** The routes to mount beside the page: config, dev UserSig, admin REST. */
  routes: DemoRoutes
  close(): Promise<void>
}

/**
 * Starts the login server for the demo app: in-memory registry, dev UserSig endpoint on,
 * one web instance per user so a second tab kicks the first.
 */
export async function startDemoStack(
  options: {
    host?: string
    port?: number
    serverOptions?: ServerOptions
    sessionGraceSeconds?: number
  } = {},
): Promise<DemoStack> {
  const { host = '127.0.0.1', port = 0, serverOptions, sessionGraceSeconds = 30 } = options
  const app = DEMO_APP
  const loginServer = await startServer(
    {
      host,
      port,
      apps: [
        {
          SDKAppID: app.SDKAppID,
          secretKey: app.secretKey,
          admin: app.admin,
          login: { policy: 'mobile-or-desktop+web', maxInstances: { web: 1 } },
          sessionGraceSeconds,
        },
      ],
      registry: { kind: 'memory' },
      dev: { usersigEndpoint: true },
    },
    serverOptions,
  )
  const routes = createDemoRoutes({
    app,
    loginServerUrl: loginServer.url,
    wsUrl: loginServer.wsUrl,
  })
  return { app, loginServer, routes, close: () => loginServer.close() }
}
