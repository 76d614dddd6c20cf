import type { ChatOptions } from '@chatgate/core'
import {
  createAdminClient,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from '@chatgate/server'
import WebSocket from 'ws'

export const SDK_APP_ID = 1400000001
export const ADMIN = 'administrator'
// A test-only key for a throwaway in-process server.
const SECRET_KEY = 'core-test-key-0123456789'

export interface LiveServerSetup {
  policy?: 'single' | 'mobile-or-desktop+web' | 'mobile+desktop+web' | 'all'
  maxWeb?: number
  /** Server options (grace, sweep interval, clock, …) for this test. */
  server?: StartServerOptions
}

export interface LiveServer {
  server: RunningServer
  wsUrl: string
  /** A UserSig from the server's development endpoint (a real signature). */
  sign(userID: string, expireSeconds?: number): Promise<string>
  /** The admin REST kick: every instance of the user gets REST_API_Kick. */
  kick(userID: string): Promise<void>
  /** The REST online status of a user: 'Online' or 'Offline'. */
  status(userID: string): Promise<string>
  /** Options for a client of this server: `ws`, no logs, fast backoff. */
  options(extra?: Partial<ChatOptions>): ChatOptions
  close(): Promise<void>
}

/** The real login server, in process on a free port. */
export async function startLiveServer(setup: LiveServerSetup = {}): Promise<LiveServer> {
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      apps: [
        {
          SDKAppID: SDK_APP_ID,
          secretKey: SECRET_KEY,
          admin: ADMIN,
          login: { policy: setup.policy ?? 'all', maxInstances: { web: setup.maxWeb ?? 1 } },
          sessionGraceSeconds: 60,
        },
      ],
      registry: { kind: 'memory' },
      dev: { usersigEndpoint: true },
    },
    { logLevel: 'silent', closeTimeoutMs: 100, ...setup.server },
  )
  const post = async (path: string, body: unknown) => {
    const answer = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await answer.json()) as Record<string, unknown>
  }
  const sign: LiveServer['sign'] = async (userID, expireSeconds = 3600) => {
    const json = await post('/dev/usersig', { SDKAppID: SDK_APP_ID, userID, expireSeconds })
    if (typeof json.userSig !== 'string') throw new Error(`no UserSig: ${JSON.stringify(json)}`)
    return json.userSig
  }
  const admin = createAdminClient({
    url: server.url,
    sdkAppID: SDK_APP_ID,
    identifier: ADMIN,
    secretKey: SECRET_KEY,
  })
  return {
    server,
    wsUrl: server.wsUrl,
    sign,
    async kick(userID) {
      const answer = await admin.kick(userID)
      if (answer.ActionStatus !== 'OK') throw new Error(`kick: ${answer.ErrorInfo}`)
    },
    async status(userID) {
      const answer = await admin.queryOnlineStatus([userID])
      if (answer.ActionStatus !== 'OK') throw new Error(`query: ${answer.ErrorInfo}`)
      return answer.QueryResult[0]?.Status ?? 'missing'
    },
    options: (extra) => ({
      SDKAppID: SDK_APP_ID,
      url: server.wsUrl,
      WebSocket,
      logLevel: 4,
      backoff: { minMs: 5, maxMs: 40 },
      ...extra,
    }),
    close: () => server.close(),
  }
}
