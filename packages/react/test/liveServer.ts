import { Chat, type ChatOptions } from '@chatgate/core'
import { createAdminClient, type RunningServer, startServer } from '@chatgate/server'
import { signUserSig } from '@chatgate/usersig'
import WebSocket from 'ws'

export const SDK_APP_ID = 1400000001
export const ADMIN = 'administrator'
// A test-only key for a throwaway in-process server.
const SECRET_KEY = 'react-kit-test-key-0123456789'

export interface LiveServer {
  server: RunningServer
  wsUrl: string
  sign(userID: string, options?: { secretKey?: string; expireSeconds?: number }): string
  /** The admin REST kick (rule 13). */
  kick(userID: string): Promise<void>
  /** The REST online-status of a user: 'Online' or 'Offline'. */
  status(userID: string): Promise<string>
  /** A counter from /metrics, summed over its labels. */
  metric(name: string): Promise<number>
  /**
   * Client options whose `WebSocket` records every frame the client sends and every socket
   * it opens (so a test can cut the connection like a network loss would).
   */
  options(): ChatOptions & { frames: () => string[]; sockets: () => WebSocket[] }
  close(): Promise<void>
}

export async function startLiveServer(): Promise<LiveServer> {
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      apps: [
        {
          SDKAppID: SDK_APP_ID,
          secretKey: SECRET_KEY,
          admin: ADMIN,
          login: { policy: 'mobile-or-desktop+web', maxInstances: { web: 1 } },
          sessionGraceSeconds: 1,
        },
      ],
      registry: { kind: 'memory' },
      dev: { usersigEndpoint: true },
    },
    { logLevel: 'error', sessionGraceMs: 50, closeTimeoutMs: 100 },
  )
  const sign: LiveServer['sign'] = (userID, options = {}) =>
    signUserSig({
      sdkAppID: SDK_APP_ID,
      secretKey: options.secretKey ?? SECRET_KEY,
      userID,
      expireSeconds: options.expireSeconds ?? 3600,
    })
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
    async metric(name) {
      const text = await (await fetch(`${server.url}/metrics`)).text()
      return text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0)
    },
    options() {
      const frames: string[] = []
      const sockets: WebSocket[] = []
      class CountingWebSocket extends WebSocket {
        constructor(url: string) {
          super(url)
          sockets.push(this)
          const send = this.send.bind(this)
          this.send = ((data: string) => {
            frames.push(data)
            send(data)
          }) as WebSocket['send']
        }
      }
      return {
        SDKAppID: SDK_APP_ID,
        url: server.wsUrl,
        WebSocket: CountingWebSocket,
        logLevel: 4,
        backoff: { minMs: 10, maxMs: 50 },
        frames: () => frames,
        sockets: () => sockets,
      }
    },
    close: () => server.close(),
  }
}

/** The number of `op: login` frames among those a client sent. */
export function loginFrames(frames: string[]): number {
  return frames.filter((frame) => (JSON.parse(frame) as { op: string }).op === 'login').length
}

/** A second client, as another page of the same user would be. */
export async function loginElsewhere(live: LiveServer, userID: string): Promise<Chat> {
  const chat = Chat.create(live.options())
  await chat.login({ userID, userSig: live.sign(userID) })
  return chat
}
