// Churning `@chatgate/core` clients for the soak bench, in their own process. Each actor
// loops: pick a user from a shared pool, log in, hold, then log out, destroy the client,
// or drop off the network and come back (a resume). Two actors that pick the same user
// kick each other, so kicks happen as they do in real use.
import { Chat, type NetworkWatcher } from '@chatgate/core'
import { signUserSig } from '@chatgate/usersig'
import { WebSocket } from 'ws'
import { serve } from '../ipc.js'
import type { CrowdApp } from './stormClients.js'

export type ChurnRequest =
  | {
      op: 'start'
      url: string
      app: CrowdApp
      actors: number
      /** UserIDs are `${userPrefix}${0 … users - 1}`, shared with the other churn processes. */
      userPrefix: string
      users: number
      localAddresses: string[]
    }
  /** Stops every actor after its current step; each ends logged out and destroyed. */
  | { op: 'stop' }
  | { op: 'counts' }

export interface ChurnCounts {
  logins: number
  logouts: number
  destroys: number
  resumes: number
  kicks: number
  /** Failed steps (a refused login, a logout that lost a race with a kick) by code. */
  failed: Record<string, number>
}

const counts: ChurnCounts = {
  logins: 0,
  logouts: 0,
  destroys: 0,
  resumes: 0,
  kicks: 0,
  failed: {},
}
let running = true
const loops: Promise<void>[] = []

const pause = (min: number, max: number) =>
  new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)))

function boundWebSocket(localAddress: string) {
  return class BoundWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { localAddress, perMessageDeflate: false })
    }
  }
}

/** A network the actor switches off and on, as a phone going through a tunnel. */
function switchableNetwork(): { watch: NetworkWatcher; set(online: boolean): void } {
  let listeners: [() => void, () => void] | undefined
  return {
    watch: (onOnline, onOffline) => {
      listeners = [onOnline, onOffline]
      return () => {
        listeners = undefined
      }
    },
    set: (online) => listeners?.[online ? 0 : 1](),
  }
}

async function actor(request: Extract<ChurnRequest, { op: 'start' }>, index: number) {
  const { url, app, userPrefix, users, localAddresses } = request
  const WebSocketFromAddress = boundWebSocket(localAddresses[index % localAddresses.length]!)
  while (running) {
    const userID = `${userPrefix}${Math.floor(Math.random() * users)}`
    const network = switchableNetwork()
    const chat = new Chat({
      SDKAppID: app.SDKAppID,
      url,
      WebSocket: WebSocketFromAddress,
      logLevel: 4,
      watchNetwork: network.watch,
      backoff: { minMs: 100, maxMs: 2_000 },
    })
    chat.on(Chat.EVENT.KICKED_OUT, () => {
      counts.kicks++
    })
    try {
      await chat.login({
        userID,
        userSig: signUserSig({
          sdkAppID: app.SDKAppID,
          secretKey: app.secretKey,
          userID,
          expireSeconds: 3_600,
        }),
      })
      counts.logins++
      await pause(200, 2_000)
      const roll = Math.random()
      if (roll < 0.25 && chat.isReady()) {
        network.set(false)
        await pause(100, 1_000)
        network.set(true)
        counts.resumes++
        await pause(200, 1_000)
      }
      if (roll < 0.6 && chat.isReady()) {
        await chat.logout()
        counts.logouts++
      }
    } catch (error) {
      const code = String((error as { code?: number }).code ?? 'other')
      counts.failed[code] = (counts.failed[code] ?? 0) + 1
      await pause(500, 1_500)
    }
    await chat.destroy().catch(() => {})
    counts.destroys++
  }
}

serve<ChurnRequest, ChurnCounts | { ok: true }>(async (request) => {
  switch (request.op) {
    case 'start':
      for (let i = 0; i < request.actors; i++) loops.push(actor(request, i))
      return { ok: true }
    case 'stop':
      running = false
      await Promise.all(loops)
      return counts
    case 'counts':
      return counts
    default:
      return request satisfies never
  }
})
