import type { RunningServer, StartServerOptions } from '@chatgate/server'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { DEMO_APP, type DemoApp } from './demoApp.js'
import { createDemoRoutes, type DemoRoutes } from './demoRoutes.js'

export interface DemoStack {
  app: DemoApp
  loginServer: RunningServer
  /** The routes to mount beside the page: config, dev UserSig, admin REST. */
  routes: DemoRoutes
  /** The admin REST online-status query, for tests. */
  onlineStatus: DevServer['onlineStatus']
  /** One figure of the server's `/metrics`, for tests. */
  metric: DevServer['metric']
  close(): Promise<void>
}

/**
 * Starts the login server for the demo app: in-memory registry, dev UserSig endpoint on,
 * one web instance per user (unless `webInstances` says more) so a second browser (or an
 * unshared tab) kicks the first.
 */
export async function startDemoStack(
  options: {
    host?: string
    port?: number
    serverOptions?: StartServerOptions
    sessionGraceSeconds?: number
    /** Web instances a user may have at once (tests of "Your devices" use two). */
    webInstances?: number
  } = {},
): Promise<DemoStack> {
  const {
    host = '127.0.0.1',
    port = 0,
    serverOptions,
    sessionGraceSeconds = 30,
    webInstances = 1,
  } = options
  const app = DEMO_APP
  const dev = await startDevServer({
    app: {
      ...app,
      login: { policy: 'mobile-or-desktop+web', maxInstances: { web: webInstances } },
      sessionGraceSeconds,
    },
    config: { host, port },
    // `pnpm dev` shows the server's own lines: listening, the dev endpoint's warning.
    server: { logLevel: 'info', ...serverOptions },
  })
  const routes = createDemoRoutes({ app, loginServerUrl: dev.httpUrl, wsUrl: dev.wsUrl })
  return {
    app,
    loginServer: dev.server,
    routes,
    onlineStatus: (userIDs) => dev.onlineStatus(userIDs),
    metric: (name) => dev.metric(name),
    close: () => dev.close(),
  }
}
