import type { ChatOptions } from '@chatgate/core'
import { type RunningServer, type StartServerOptions, startServer } from '@chatgate/server'
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
  const admin = async (path: string, body: unknown) => {
    const query = new URLSearchParams({
      sdkappid: String(SDK_APP_ID),
      identifier: ADMIN,
      usersig: await sign(ADMIN),
      random: String(Math.floor(Math.random() * 2 ** 31)),
      contenttype: 'json',
    })
    const json = await post(`${path}?${query}`, body)
    if (json.ActionStatus !== 'OK') throw new Error(`${path}: ${String(json.ErrorInfo)}`)
    return json
  }
  return {
    server,
    wsUrl: server.wsUrl,
    sign,
    async kick(userID) {
      await admin('/v4/im_open_login_svc/kick', { UserID: userID })
    },
    async status(userID) {
      const json = await admin('/v4/openim/query_online_status', {
        To_Account: [userID],
        IsNeedDetail: 1,
      })
      return (json.QueryResult as { Status: string }[])[0]?.Status ?? 'missing'
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
