// A crowd of `@chatgate/core` clients in one process, for the storm and soak benches.
// Each client binds its socket to one of several loopback source addresses, so neither
// side runs out of ephemeral ports and no address passes the server's per-address cap.
// The crowd only logs in once; after that every reconnect, resume or re-admission is the
// client's own doing, which is exactly what the storm checks.
import { Chat, type ChatSnapshot } from '@chatgate/core'
import { signUserSig } from '@chatgate/usersig'
import { WebSocket } from 'ws'
import { serve } from '../ipc.js'

export interface CrowdApp {
  SDKAppID: number
  secretKey: string
}

export type CrowdRequest =
  | {
      op: 'start'
      url: string
      app: CrowdApp
      userIDs: string[]
      localAddresses: string[]
      /** Logins in flight at once while the crowd first logs in. */
      concurrency: number
    }
  /** From `at` (Unix ms) on, count every client that loses its connection and comes back. */
  | { op: 'mark'; at: number }
  | { op: 'status' }

export interface CrowdStatus {
  clients: number
  /** Logged in with a live connection right now. */
  live: number
  /** Lost their connection since the mark. */
  lost: number
  /** Of those, came back logged in: ms from the mark to being live again, one per client. */
  backAfterMs: number[]
  /** SDK_READY events since the mark (a resume emits none). */
  readySinceMark: number
  /** KICKED_OUT events since the crowd started: each one is a wrong kick. */
  kicks: number
  /** Clients live at the mark that are now logged out (ERROR, refused re-admission). */
  loggedOut: number
  /** Clients that never logged in at the start, even after retries. */
  neverLoggedIn: number
  /** Codes of ERROR events, with counts. */
  errors: Record<string, number>
  /** Socket errors by message, with counts. */
  socketErrors: Record<string, number>
  /** Initial logins that failed, by message. */
  loginFailures: string[]
  /** How long the initial logins took, ms. */
  loginMs: number
}

interface Tracked {
  chat: Chat
  /** Live when the mark was set: only these count as lost or logged out afterwards. */
  liveAtMark: boolean
  lostAt: number | null
  backAt: number | null
}

const crowd: Tracked[] = []
let markAt = Number.POSITIVE_INFINITY
let readySinceMark = 0
let kicks = 0
const errors: Record<string, number> = {}
const loginFailures: string[] = []
let loginMs = 0

const isLive = (s: ChatSnapshot) => s.loginStatus === 1 && s.netState === 'connected'

/** Socket errors by message (what the client only sees as a network error), by count. */
const socketErrors: Record<string, number> = {}

/** A `ws` constructor whose sockets leave from `localAddress`, counting socket errors. */
function boundWebSocket(localAddress: string) {
  return class BoundWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { localAddress, perMessageDeflate: false })
      this.on('error', (error) => {
        const key =
          markAt === Number.POSITIVE_INFINITY ? `${error.message} (before the mark)` : error.message
        socketErrors[key] = (socketErrors[key] ?? 0) + 1
      })
    }
  }
}

function track(chat: Chat): Tracked {
  const tracked: Tracked = { chat, liveAtMark: false, lostAt: null, backAt: null }
  chat.subscribe(() => {
    const now = Date.now()
    if (now < markAt || !tracked.liveAtMark) return
    const live = isLive(chat.getSnapshot())
    if (!live && tracked.lostAt === null) tracked.lostAt = now
    else if (live && tracked.lostAt !== null && tracked.backAt === null) tracked.backAt = now
  })
  chat.on(Chat.EVENT.SDK_READY, () => {
    if (Date.now() >= markAt) readySinceMark++
  })
  chat.on(Chat.EVENT.KICKED_OUT, () => {
    kicks++
  })
  chat.on(Chat.EVENT.ERROR, (event) => {
    const code = String(event.data.code)
    errors[code] = (errors[code] ?? 0) + 1
  })
  return tracked
}

async function start(request: Extract<CrowdRequest, { op: 'start' }>): Promise<void> {
  const { url, app, userIDs, localAddresses, concurrency } = request
  const constructors = localAddresses.map(boundWebSocket)
  const begun = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, userIDs.length) }, async () => {
      while (next < userIDs.length) {
        const index = next++
        const userID = userIDs[index]!
        const chat = new Chat({
          SDKAppID: app.SDKAppID,
          url,
          WebSocket: constructors[index % constructors.length]!,
          logLevel: 4,
        })
        crowd.push(track(chat))
        const userSig = signUserSig({
          sdkAppID: app.SDKAppID,
          secretKey: app.secretKey,
          userID,
          expireSeconds: 86_400,
        })
        // As an app would: a login that fails on the network is tried again, twice.
        for (let attempt = 1; attempt <= 3; attempt++) {
          try {
            await chat.login({ userID, userSig })
            break
          } catch (error) {
            loginFailures.push(`${userID} (attempt ${attempt}): ${(error as Error).message}`)
          }
        }
      }
    }),
  )
  loginMs = performance.now() - begun
}

function status(): CrowdStatus {
  let live = 0
  let lost = 0
  let loggedOut = 0
  let neverLoggedIn = 0
  const backAfterMs: number[] = []
  for (const { chat, liveAtMark, lostAt, backAt } of crowd) {
    const snapshot = chat.getSnapshot()
    if (isLive(snapshot)) live++
    if (snapshot.loginStatus === 3) {
      if (liveAtMark) loggedOut++
      else neverLoggedIn++
    }
    if (lostAt !== null) lost++
    if (backAt !== null) backAfterMs.push(backAt - markAt)
  }
  return {
    clients: crowd.length,
    live,
    lost,
    backAfterMs,
    readySinceMark,
    kicks,
    loggedOut,
    neverLoggedIn,
    errors,
    socketErrors,
    loginFailures: loginFailures.slice(0, 5),
    loginMs,
  }
}

serve<CrowdRequest, CrowdStatus | { ok: true }>(async (request) => {
  switch (request.op) {
    case 'start':
      await start(request)
      return status()
    case 'mark':
      markAt = request.at
      readySinceMark = 0
      for (const tracked of crowd) {
        tracked.liveAtMark = isLive(tracked.chat.getSnapshot())
        tracked.lostAt = null
        tracked.backAt = null
      }
      return { ok: true }
    case 'status':
      return status()
    default:
      return request satisfies never
  }
})
