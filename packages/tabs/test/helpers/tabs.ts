import { BroadcastChannel } from 'node:worker_threads'
import type { Timers } from '@chatgate/core'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import {
  type ChannelLike,
  type SharedChat,
  type SharedChatOptions,
  shareChat,
} from '@chatgate/tabs'
import { afterAll, afterEach, beforeAll } from 'vitest'
import WebSocket from 'ws'
import { recordEvents } from '../../../core/test/helpers/recorder.js'
import { FakeLocks } from './fakeLocks.js'

type Frame = { op: string; [field: string]: unknown }

export interface Tab {
  readonly id: string
  readonly client: SharedChat
  /** Every event this tab's client raised. */
  readonly events: string[]
  /** Frames this tab sent to the server, and those it received, parsed. */
  readonly sent: Frame[]
  readonly received: Frame[]
  /** WebSockets this tab opened. */
  readonly sockets: number
  /** The network drops this tab's sockets; the tab lives on. */
  cut(): void
  /** The tab crashes: sockets cut, locks released, channel silent; it never acts again. */
  kill(): void
}

export interface FakeBrowser {
  readonly locks: FakeLocks
  /** Opens a tab of this browser profile on `server`'s app. */
  openTab(options?: Partial<SharedChatOptions>): Tab
  /** Destroys every tab still alive (each test's cleanup). */
  closeAll(): Promise<void>
}

let tabCount = 0

/**
 * One browser profile for tests in Node: Web Locks faked (`FakeLocks`), Node's own
 * BroadcastChannel, and `ws` sockets to the real server, each tab's recorded.
 */
export function fakeBrowser(server: DevServer): FakeBrowser {
  const locks = new FakeLocks()
  const tabs: { tab: Tab; client: SharedChat; dead: () => boolean }[] = []

  return {
    locks,
    openTab(options = {}) {
      const id = `tab${++tabCount}`
      const sent: Frame[] = []
      const received: Frame[] = []
      const open = new Set<WebSocket>()
      let sockets = 0
      let dead = false
      const channels: BroadcastChannel[] = []

      // A plain function, so a dead tab's constructor can hand back a socket that never
      // opens: its `Chat` (still in memory in Node) then never reaches the server again.
      function TabSocket(url: string) {
        if (dead) return { readyState: 0, send() {}, close() {} }
        const socket = new WebSocket(url)
        sockets++
        open.add(socket)
        socket.on('close', () => open.delete(socket))
        socket.on('message', (data) => received.push(JSON.parse(String(data))))
        const send = socket.send.bind(socket)
        socket.send = ((data: string) => {
          // What a closing socket is handed never leaves (browsers and `ws` alike).
          if (socket.readyState === WebSocket.OPEN) sent.push(JSON.parse(data))
          send(data)
        }) as WebSocket['send']
        return socket
      }

      const openChannel = (name: string): ChannelLike => {
        const channel = new BroadcastChannel(name)
        channels.push(channel)
        let closed = false
        return {
          postMessage: (message) => dead || closed || channel.postMessage(message),
          set onmessage(handler: (event: { data: unknown }) => void) {
            channel.onmessage = (event) => dead || handler(event as { data: unknown })
          },
          close() {
            closed = true
            channel.close()
          },
        }
      }

      // A dead tab's timers never fire: its `Chat`, still in memory here, stays as still
      // as a crashed page's.
      const base = options.timers ?? globalThis
      const timers: Timers = {
        setTimeout: (run, ms) => base.setTimeout(() => dead || run(), ms),
        clearTimeout: (handle) => base.clearTimeout(handle as never),
      }
      const client = shareChat({
        ...server.clientOptions(),
        WebSocket: TabSocket as unknown as typeof WebSocket,
        ...options,
        timers,
        tabs: { locks: locks.forTab(id), openChannel },
      })
      const tab: Tab = {
        id,
        client,
        events: recordEvents(client),
        sent,
        received,
        get sockets() {
          return sockets
        },
        cut() {
          for (const socket of open) socket.terminate()
        },
        kill() {
          dead = true
          locks.crash(id)
          for (const channel of channels) channel.close()
          for (const socket of open) socket.terminate()
        },
      }
      tabs.push({ tab, client, dead: () => dead })
      return tab
    },
    async closeAll() {
      // One by one, as a user closes tabs. A dead tab is gone already: nothing of it runs.
      for (const { client, dead } of tabs) if (!dead()) await client.destroy()
    },
  }
}

/** The one sessionId a tab's server answered `ready` with (the last one). */
export const sessionIdOf = (tab: Tab) =>
  tab.received.filter((frame) => frame.op === 'ready').at(-1)?.sessionId

export interface TabsHarness {
  /** The real login server of this test file. */
  readonly server: DevServer
  /** A new browser profile; its tabs are destroyed after the test. */
  browser(): FakeBrowser
  /** How many instances of `userID` the admin REST query shows online. */
  instances(userID: string): Promise<number>
}

/** Per test file: a real login server; per test: fake browsers, cleaned up after it. */
export function useTabs(): TabsHarness {
  let server: DevServer | undefined
  const browsers: FakeBrowser[] = []
  beforeAll(async () => {
    server = await startDevServer({ server: { logLevel: 'silent' } })
  })
  afterAll(() => server?.close())
  afterEach(async () => {
    for (const browser of browsers.splice(0)) await browser.closeAll()
  })
  return {
    get server() {
      return server!
    },
    browser() {
      const browser = fakeBrowser(server!)
      browsers.push(browser)
      return browser
    },
    instances: async (userID) => (await server!.onlineStatus([userID]))[0]?.Detail?.length ?? 0,
  }
}
