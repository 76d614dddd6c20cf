import type { ChatOptions } from '@chatgate/core'
import { type DevServer, type DevServerOptions, startDevServer } from '@chatgate/server/testing'

export { DEV_SDK_APP_ID as SDK_APP_ID } from '@chatgate/server/testing'

export interface LiveServerSetup {
  policy?: 'single' | 'mobile-or-desktop+web' | 'mobile+desktop+web' | 'all'
  maxWeb?: number
  /** Server options (grace, sweep interval, clock, …) for this test. */
  server?: DevServerOptions['server']
}

/** The dev server under the names core's tests call it by. */
export interface LiveServer extends DevServer {
  /** Client options typed as core's: `ws`, no logs, fast backoff. */
  options(extra?: Partial<ChatOptions>): ChatOptions
  /** The REST online status of one user: 'Online' or 'Offline'. */
  status(userID: string): Promise<string>
}

export async function startLiveServer(setup: LiveServerSetup = {}): Promise<LiveServer> {
  const dev = await startDevServer({
    app: { login: { policy: setup.policy ?? 'all', maxInstances: { web: setup.maxWeb ?? 1 } } },
    server: { logLevel: 'silent', ...setup.server },
  })
  return {
    ...dev,
    options: (extra) => ({ ...dev.clientOptions(), ...extra }),
    status: async (userID) => (await dev.onlineStatus([userID]))[0]?.Status ?? 'missing',
  }
}
