import type { LoginRequest, Platform, ServerMessage } from '@chatgate/protocol'
import { signUserSig } from '@chatgate/usersig'
import { WebSocket } from 'ws'
import type { AppConfigInput, ServerConfigInput } from '../src/config.js'
import type { RunningServer, StartServerOptions } from '../src/startServer.js'
import { DEV_ADMIN, DEV_SDK_APP_ID, startDevServer } from '../src/testing/index.js'

export const APP_ID = DEV_SDK_APP_ID
export const SECRET = 'test-secret-key-0123456789abcdef'
export const ADMIN = DEV_ADMIN

export function appConfig(overrides: Partial<AppConfigInput> = {}): AppConfigInput {
  return {
    SDKAppID: APP_ID,
    secretKey: SECRET,
    admin: ADMIN,
    login: { policy: 'all', maxInstances: { web: 2 } },
    sessionGraceSeconds: 60,
    ...overrides,
  }
}

export function serverConfig(overrides: Partial<ServerConfigInput> = {}): ServerConfigInput {
  return { host: '127.0.0.1', port: 0, apps: [appConfig()], ...overrides }
}

const running = new Set<RunningServer>()
const clients = new Set<TestClient>()

/** Starts a real server on a free port, silent, with short timers; closed by `cleanup()`. */
export async function startTestServer(
  config: ServerConfigInput = serverConfig(),
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const { server } = await startDevServer({
    // The config as written: the dev endpoint only where a test turns it on.
    config: { dev: {}, ...config },
    server: { logLevel: 'silent', sweepIntervalMs: 20, ...options },
  })
  running.add(server)
  return server
}

export async function cleanup(): Promise<void> {
  for (const client of clients) client.ws.terminate()
  clients.clear()
  await Promise.all([...running].map((s) => s.close()))
  running.clear()
}

export function sign(
  userID: string,
  options: { expireSeconds?: number; now?: number; sdkAppID?: number; secretKey?: string } = {},
): string {
  return signUserSig({
    sdkAppID: options.sdkAppID ?? APP_ID,
    secretKey: options.secretKey ?? SECRET,
    userID,
    expireSeconds: options.expireSeconds ?? 3600,
    ...(options.now !== undefined ? { now: options.now } : {}),
  })
}

export interface Closed {
  code: number
  reason: string
}

/** A raw protocol client over a real socket that records every message and the close. */
export class TestClient {
  readonly messages: ServerMessage[] = []
  closed: Closed | undefined
  private readonly waiters: (() => void)[] = []
  private seq = 1

  constructor(readonly ws: WebSocket) {
    clients.add(this)
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage)
      this.wake()
    })
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() }
      this.wake()
    })
    ws.on('error', () => {})
  }

  static async connect(url: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options })
    const client = new TestClient(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return client
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter()
  }

  nextSeq(): number {
    return this.seq++
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value))
  }

  /** Resolves when `predicate` holds, rejecting after `timeoutMs`. */
  async until<T>(predicate: () => T | undefined | false, timeoutMs = 2000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = predicate()
      if (value) return value
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new Error(
          `timed out; messages ${JSON.stringify(this.messages)}, closed ${JSON.stringify(this.closed)}`,
        )
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** The first message with this op (and seq, when given). */
  async message<Op extends ServerMessage['op']>(
    op: Op,
    seq?: number,
    timeoutMs?: number,
  ): Promise<Extract<ServerMessage, { op: Op }>> {
    return this.until(
      () =>
        this.messages.find(
          (m): m is Extract<ServerMessage, { op: Op }> =>
            m.op === op && (seq === undefined || ('seq' in m && m.seq === seq)),
        ),
      timeoutMs,
    )
  }

  async closeEvent(timeoutMs?: number): Promise<Closed> {
    return this.until(() => this.closed, timeoutMs)
  }

  /**
   * Sends a ping and waits for its pong. The socket is ordered, so whatever the server
   * pushed before answering has arrived by then: a check that no kick came needs no sleep.
   * A socket closed meanwhile (kicked) ends the wait too, for the caller's check to report.
   */
  async roundTrip(): Promise<void> {
    const seq = this.nextSeq()
    this.send({ op: 'ping', seq })
    await this.until(
      () => this.closed ?? this.messages.some((m) => m.op === 'pong' && m.seq === seq),
    )
  }

  kicks(): Extract<ServerMessage, { op: 'kicked' }>[] {
    return this.messages.filter(
      (m): m is Extract<ServerMessage, { op: 'kicked' }> => m.op === 'kicked',
    )
  }

  sendLogin(fields: Partial<LoginRequest> & { userID: string }): number {
    const seq = this.nextSeq()
    this.send({
      op: 'login',
      seq,
      sdkAppID: APP_ID,
      platform: 'web',
      ...fields,
      userSig: 'userSig' in fields ? fields.userSig : sign(fields.userID),
    })
    return seq
  }
}

/** Connects and logs in; resolves with the client and its `ready`. */
export async function loginClient(
  server: RunningServer,
  userID: string,
  platform: Platform = 'web',
  extra: Partial<LoginRequest> = {},
) {
  const client = await TestClient.connect(server.wsUrl)
  const seq = client.sendLogin({ userID, platform, ...extra })
  const ready = await client.message('ready', seq)
  return { client, ready }
}

export interface RestAnswer {
  ActionStatus: 'OK' | 'FAIL'
  ErrorCode: number
  ErrorInfo: string
  QueryResult?: {
    To_Account: string
    Status: string
    Detail?: { Platform: string; Status: string }[]
  }[]
  ErrorList?: { To_Account: string; ErrorCode: number }[]
}

export async function adminCall(
  server: RunningServer,
  path: string,
  body: unknown,
  query: { identifier?: string; usersig?: string; sdkappid?: number } = {},
): Promise<RestAnswer> {
  const params = new URLSearchParams({
    sdkappid: String(query.sdkappid ?? APP_ID),
    identifier: query.identifier ?? ADMIN,
    usersig: query.usersig ?? sign(ADMIN),
    random: String(Math.floor(Math.random() * 2 ** 31)),
    contenttype: 'json',
  })
  const res = await fetch(`${server.url}${path}?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return (await res.json()) as RestAnswer
}

export const kickUser = (server: RunningServer, userID: string) =>
  adminCall(server, '/v4/im_open_login_svc/kick', { UserID: userID })

export async function onlineStatus(server: RunningServer, userID: string, adminSig?: string) {
  const answer = await adminCall(
    server,
    '/v4/openim/query_online_status',
    { To_Account: [userID], IsNeedDetail: 1 },
    adminSig ? { usersig: adminSig } : {},
  )
  if (!answer.QueryResult) throw new Error(`query failed: ${JSON.stringify(answer)}`)
  return answer.QueryResult![0]!
}
