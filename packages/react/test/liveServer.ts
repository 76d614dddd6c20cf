import { Chat, type ChatOptions } from '@chatgate/core'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { signUserSig } from '@chatgate/usersig'
import WebSocket from 'ws'

/** The dev server under the names the kit's tests call it by. */
export interface LiveServer extends Omit<DevServer, 'sign'> {
  /** A UserSig of the app, or made with another key to be refused. */
  sign(userID: string, options?: { secretKey?: string; expireSeconds?: number }): string
  /** The REST online-status of a user: 'Online' or 'Offline'. */
  status(userID: string): Promise<string>
  /**
   * Client options whose `WebSocket` records every frame the client sends and every socket
   * it opens (so a test can cut the connection like a network loss would).
   */
  options(): ChatOptions & { frames: () => string[]; sockets: () => WebSocket[] }
}

export async function startLiveServer(): Promise<LiveServer> {
  const dev = await startDevServer({
    app: { sessionGraceSeconds: 1 },
    server: { sessionGraceMs: 50 },
  })
  return {
    ...dev,
    sign: (userID, { secretKey, expireSeconds } = {}) =>
      secretKey === undefined
        ? dev.sign(userID, expireSeconds)
        : signUserSig({
            sdkAppID: dev.SDKAppID,
            secretKey,
            userID,
            expireSeconds: expireSeconds ?? 3600,
          }),
    status: async (userID) => (await dev.onlineStatus([userID]))[0]?.Status ?? 'missing',
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
        ...dev.clientOptions({ WebSocket: CountingWebSocket }),
        frames: () => frames,
        sockets: () => sockets,
      }
    },
  }
}

/** The number of `op: login` frames among those a client sent. */
export function loginFrames(frames: string[]): number {
  return frames.filter((frame) => (JSON.parse(frame) as { op: string }).op === 'login').length
}

/** A second client, as another page of the same user would be. */
export async function loginElsewhere(live: LiveServer, userID: string): Promise<Chat> {
  const chat = new Chat(live.options())
  await chat.login({ userID, userSig: live.sign(userID) })
  return chat
}
