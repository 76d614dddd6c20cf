import type {
  ChatClient,
  ChatResponse,
  ChatSnapshot,
  KickInfo,
  LoginData,
  LoginOptions,
} from '@chatgate/core'
import {
  ChatError,
  clientError,
  EVENT,
  INVALID_PARAMETERS,
  type KickType,
  type Locale,
  type NetState,
  NOT_LOGGED_IN,
  NOT_READY_LOGGED_OUT,
} from '@chatgate/protocol'
import { LOGGED_OUT, patchSnapshot } from './snapshotOf.js'
import type { TencentChat, TencentEvent } from './tencentChat.js'
import { asChatError } from './tencentError.js'

type Empty = ChatResponse<Record<string, never>>

const ok = <T>(data: T): ChatResponse<T> => ({ code: 0, data })
const ignore = () => {}

/**
 * `getSessions`, `endSession` and `endOtherSessions`: TencentCloudChat keeps no list of a
 * user's sessions that a client may read or end, so each rejects 90002 (Unknown
 * operation, `ERROR_CODES.UNKNOWN_OPERATION`, as a Chatgate server answers an operation it
 * does not have), at once, whatever the arguments and the login state.
 */
const noSessionList = async (): Promise<never> => {
  throw new ChatError(90002, 'TencentCloudChat has no session list.')
}

export interface FromTencentChatOptions {
  /**
   * The language of the messages the adapter gives errors that the SDK left without one
   * (its own client-side codes: 2024, 2801, …). A message the SDK gave is kept.
   * @default 'en'
   */
  locale?: Locale
}

/**
 * Chatgate's client interface over a TencentCloudChat instance, so that `ChatProvider`,
 * `LoginGate`, `KickedOutModal` and the hooks run on Tencent's cloud. The snapshot is
 * derived from the instance's events; `login`, `logout` and `destroy` smooth over the
 * real SDK's quirks (see README). The instance stays the caller's: events registered with
 * `on` are registered on it.
 */
export function fromTencentChat(
  chat: TencentChat,
  { locale = 'en' }: FromTencentChatOptions = {},
): ChatClient {
  // TencentCloudChat.create returns null for an SDKAppID it cannot parse.
  if (typeof chat?.login !== 'function' || typeof chat.on !== 'function') {
    throw clientError(INVALID_PARAMETERS, 'fromTencentChat needs a TencentCloudChat instance.')
  }
  const ready = chat.isReady()
  let snapshot: ChatSnapshot = Object.freeze({
    ...LOGGED_OUT,
    ...(ready && {
      loginStatus: 1,
      userID: String(chat.getLoginUser()),
      ready: true,
      netState: 'connected',
    }),
    kick: null,
    error: null,
  })
  const listeners = new Set<() => void>()
  /** The last login asked for, until it settles, and the `round` it was asked in. */
  let pending:
    | { userID: unknown; round: number; promise: Promise<ChatResponse<LoginData>> }
    | undefined
  /** Counts `logout` and `destroy` calls: a login asked for before one is superseded (3005). */
  let round = 0
  /** Superseded logins the SDK admitted anyway, being logged out: their SDK_READY is stale. */
  let undoing = 0
  let destroyed: Promise<Empty> | undefined
  const toError = (caught: unknown) => asChatError(caught, locale)

  const set = (patch: Partial<ChatSnapshot>) => {
    const next = patchSnapshot(snapshot, patch)
    if (next === snapshot) return
    snapshot = next
    for (const listener of [...listeners]) listener()
  }

  // Registered before anything the app registers through `on`, so app handlers already
  // see the snapshot that their event produced.
  const handlers: Record<string, (event: TencentEvent) => void> = {
    [EVENT.SDK_READY]: () => {
      if (undoing) return
      set({
        loginStatus: 1,
        userID: String(chat.getLoginUser()) || snapshot.userID,
        ready: true,
        netState: 'connected',
        kick: null,
        error: null,
      })
    },
    [EVENT.SDK_NOT_READY]: () => set(LOGGED_OUT),
    // The real SDK raises KICKED_OUT before SDK_NOT_READY; the snapshot is logged out at once.
    [EVENT.KICKED_OUT]: ({ data }) => {
      const kick: KickInfo = {
        type: (data as { type: KickType }).type,
        userID: snapshot.userID,
        at: Date.now(),
      }
      set({ ...LOGGED_OUT, kick })
    },
    [EVENT.NET_STATE_CHANGE]: ({ data }) => set({ netState: (data as { state: NetState }).state }),
    [EVENT.ERROR]: ({ data }) => set({ error: toError(data) }),
  }
  for (const name in handlers) chat.on(name, handlers[name]!)

  /** Resolves once SDK_READY has come for this login; rejects if the session ends first. */
  const untilReady = () =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (snapshot.ready) resolve()
        else if (snapshot.loginStatus === 3) {
          reject(snapshot.error ?? clientError(NOT_READY_LOGGED_OUT))
        } else return
        unsubscribe()
      }
      const unsubscribe = client.subscribe(check)
      check()
    })

  /**
   * One login, asked for in round `mine`. A `logout` or
   * `destroy` since supersedes it: it rejects 3005 and leaves the snapshot alone, and a
   * login the SDK admits anyway is logged out again.
   */
  const run = async (
    { userID, userSig }: LoginOptions,
    mine: number,
  ): Promise<ChatResponse<LoginData>> => {
    const superseded = () => mine !== round
    const current = String(chat.getLoginUser() ?? '')
    if (!superseded() && current && current === userID && chat.isReady()) {
      return ok({ repeatLogin: true, errorInfo: 'Already logged in.' })
    }
    // The real SDK answers `repeatLogin` for another UserID and stays on the old one:
    // log the old one out first (2024 means it already was).
    if (!superseded() && current) await chat.logout().catch(ignore)
    try {
      if (superseded()) throw clientError(NOT_READY_LOGGED_OUT)
      // Inside an async function a synchronous throw of the SDK becomes a rejection; it
      // comes before the snapshot says "logging in". No `getUserSig`: the real SDK cannot
      // renew a UserSig in place (see README).
      const answer = chat.login({ userID, userSig })
      set({ loginStatus: 2, userID, ready: false, netState: 'connecting', error: null })
      await answer
      if (superseded()) {
        undoing++
        await chat.logout().catch(ignore)
        undoing--
        throw clientError(NOT_READY_LOGGED_OUT)
      }
      // The real SDK resolves a few ms before SDK_READY; this resolves after it.
      await untilReady()
      return ok({ repeatLogin: false })
    } catch (caught) {
      if (superseded()) throw clientError(NOT_READY_LOGGED_OUT)
      const error = toError(caught)
      set({ ...LOGGED_OUT, error })
      throw error
    }
  }

  const client: ChatClient = {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => snapshot,

    login(options) {
      const userID = options?.userID
      // Single flight: StrictMode's second effect gets the same promise, where the real
      // SDK would answer 2025 (a login is already in progress).
      if (pending?.userID === userID && pending.round === round) return pending.promise
      // Another UserID (or any login after a logout) waits for the SDK's login in flight to
      // settle, then switches: the SDK refuses a second one while the first runs (2025).
      const before = pending?.promise.catch(ignore)
      const mine = round
      const start = () => run(options ?? ({} as LoginOptions), mine)
      // Nothing in flight: the login reaches the SDK now, and the snapshot says so.
      const promise = before ? before.then(start) : start()
      const entry = { userID, round: mine, promise }
      pending = entry
      const clear = () => {
        if (pending === entry) pending = undefined
      }
      promise.then(clear, clear)
      return promise
    },

    // Never waits for a login in flight (the SDK's may wait 90 s for the network): it
    // supersedes it, as core's logout does.
    async logout() {
      const loggingIn = pending
      round++
      try {
        await chat.logout()
      } catch (caught) {
        // While the SDK's login runs it has nobody to log out yet (2024): the login ends.
        const error = toError(caught)
        if (!(loggingIn && error.code === NOT_LOGGED_IN)) throw error
      }
      set(LOGGED_OUT)
      return ok({})
    },

    destroy() {
      destroyed ??= (async () => {
        round++
        try {
          await chat.destroy()
        } catch (caught) {
          // destroy is logout().finally(release): 2024 only says nobody was logged in.
          const error = toError(caught)
          if (error.code !== NOT_LOGGED_IN) throw error
        } finally {
          for (const name in handlers) chat.off(name, handlers[name]!)
          set(LOGGED_OUT)
          listeners.clear()
        }
        return ok({})
      })()
      return destroyed
    },

    getSessions: noSessionList,
    endSession: noSessionList,
    endOtherSessions: noSessionList,

    on(name, handler, context) {
      chat.on(name, handler as (event: TencentEvent) => void, context)
    },
    off(name, handler, context) {
      chat.off(name, handler as (event: TencentEvent) => void, context)
    },
  }
  return client
}
