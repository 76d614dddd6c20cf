import { randomBytes } from 'node:crypto'
import { signUserSig } from '@chatgate/usersig'
import { WebSocket } from 'ws'
import {
  type AppConfig,
  type AppConfigInput,
  createAdminClient,
  type OnlineStatusResult,
  parseConfig,
  type RestEnvelope,
  type RunningServer,
  type ServerConfig,
  type ServerConfigInput,
  type StartServerOptions,
  startServer,
} from '../index.js'

/** The SDKAppID of the dev server's app unless the options name another. */
export const DEV_SDK_APP_ID = 1400000001
/** The admin UserID of the dev server's app unless the options name another. */
export const DEV_ADMIN = 'administrator'

export interface DevServerOptions {
  /**
   * The app, over these defaults: SDKAppID 1400000001, a secret key random per start, admin
   * `administrator`; login policy, maxInstances and grace as the server defaults them.
   */
  app?: Partial<AppConfigInput>
  /**
   * The rest of the config file (registry, dev endpoint, limits, host, port, …), over
   * these defaults: 127.0.0.1, port 0, memory registry, dev UserSig endpoint on. `apps`
   * here replaces the one app above; the first of them is the app this object signs for.
   */
  config?: Partial<ServerConfigInput>
  /** `startServer`'s options, over `{ logLevel: 'error', closeTimeoutMs: 100 }`. */
  server?: StartServerOptions
}

/** What `new Chat(...)` of `@chatgate/core` needs to reach this server from Node. */
export interface DevClientOptions {
  SDKAppID: number
  url: string
  /** Node 20 has no WebSocket of its own. */
  WebSocket: typeof WebSocket
  /** Tencent's level 4: no client logs in test output. */
  logLevel: 4
  /** Reconnects within tens of ms, so network tests need not wait. */
  backoff: { minMs: number; maxMs: number }
}

export interface DevServer {
  server: RunningServer
  /** The config the server runs with, defaults filled in. */
  config: ServerConfig
  /** The app this object signs for (with its secret key: Node only). */
  app: AppConfig
  SDKAppID: number
  /** `http://127.0.0.1:port` */
  httpUrl: string
  /** `ws://127.0.0.1:port/ws` */
  wsUrl: string
  port: number
  /**
   * A UserSig of the app, issued at the server's clock, and after any `kick` of the user
   * made here: a REST kick refuses sigs issued at or before it (rule 26), and sig times are
   * whole seconds, so such a sig may be dated up to a second ahead (within the clock skew
   * the server allows). @default 3600 seconds
   */
  sign(userID: string, expireSeconds?: number): string
  /** The admin REST kick (every instance gets `REST_API_Kick`); rejects when it answers FAIL. */
  kick(userID: string): Promise<RestEnvelope>
  /** The admin REST online-status query with detail; rejects when it answers FAIL. */
  onlineStatus(userIDs: string[]): Promise<OnlineStatusResult[]>
  /** A counter or gauge of `/metrics`, summed over its label sets (0 when absent). */
  metric(name: string): Promise<number>
  /** Options for a client of this server; `extra` wins over each default. */
  clientOptions<Extra extends object = object>(
    extra?: Extra,
  ): Omit<DevClientOptions, keyof Extra> & Extra
  /** Stops the server; safe to call twice. */
  close(): Promise<void>
}

/**
 * Starts the real login server in process (port 0 unless told otherwise) with one app and
 * the dev UserSig endpoint, for tests and development tools. Node only: it holds the
 * app's secret key, so no browser package may import it.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const app: AppConfigInput = {
    SDKAppID: DEV_SDK_APP_ID,
    secretKey: randomBytes(24).toString('hex'),
    admin: DEV_ADMIN,
    ...options.app,
  }
  const input: ServerConfigInput = {
    host: '127.0.0.1',
    port: 0,
    registry: { kind: 'memory' },
    dev: { usersigEndpoint: true },
    apps: [app],
    ...options.config,
  }
  const config = parseConfig(input)
  const serverOptions: StartServerOptions = {
    logLevel: 'error',
    closeTimeoutMs: 100,
    ...options.server,
  }
  const server = await startServer(input, serverOptions)
  const devApp = config.apps[0]!
  const now = serverOptions.now ?? Date.now
  const admin = createAdminClient({
    url: server.url,
    sdkAppID: devApp.SDKAppID,
    identifier: devApp.admin,
    secretKey: devApp.secretKey,
  })
  /** Unix second of the last kick made through `kick`, per user. */
  const kickedAt = new Map<string, number>()
  const seconds = () => Math.floor(now() / 1000)
  const ok = <T extends RestEnvelope>(what: string, answer: T): T => {
    if (answer.ActionStatus !== 'OK') {
      throw new Error(`${what} answered ${answer.ErrorCode}: ${answer.ErrorInfo}`)
    }
    return answer
  }

  return {
    server,
    config,
    app: devApp,
    SDKAppID: devApp.SDKAppID,
    httpUrl: server.url,
    wsUrl: server.wsUrl,
    port: server.port,
    sign: (userID, expireSeconds = 3600) =>
      signUserSig({
        sdkAppID: devApp.SDKAppID,
        secretKey: devApp.secretKey,
        userID,
        expireSeconds,
        // The server may run on a test clock; a sig issued by the wall clock would be
        // early or late for it.
        now: Math.max(seconds(), (kickedAt.get(userID) ?? -1) + 1),
      }),
    async kick(userID) {
      const answer = ok('kick', await admin.kick(userID))
      kickedAt.set(userID, seconds())
      return answer
    },
    onlineStatus: async (userIDs) =>
      ok('query_online_status', await admin.queryOnlineStatus(userIDs)).QueryResult,
    async metric(name) {
      const text = await (await fetch(`${server.url}/metrics`)).text()
      return text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0)
    },
    clientOptions: <Extra extends object>(extra?: Extra) => ({
      SDKAppID: devApp.SDKAppID,
      url: server.wsUrl,
      WebSocket,
      logLevel: 4 as const,
      backoff: { minMs: 5, maxMs: 40 },
      ...(extra as Extra),
    }),
    close: () => server.close(),
  }
}
