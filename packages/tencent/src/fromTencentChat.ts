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
  type NetState,
  NOT_LOGGED_IN,
  NOT_READY_LOGGED_OUT,
} from '@chatgate/protocol'
import { LOGGED_OUT, patchSnapshot } from './snapshotOf.js'
import type { TencentChat, TencentEvent } from './tencentChat.js'

type Empty = ChatResponse<Record<string, never>>

const ok = <T>(data: T): ChatResponse<T> => ({ code: 0, data })
const ignore = () => {}

/**
 * Every failure as an `Error` with a numeric `code` (rule 28). The real SDK's rejections
 * and core's already are one and stay as they are; the real SDK's ERROR event data is a
 * plain `{ code, message }`; its synchronous "Params validate failed." has no code and
 * becomes 6017 with its message.
 */
function asChatError(caught: unknown): ChatError {
  const { code, message } = (caught ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code !== 'number') {
    return clientError(INVALID_PARAMETERS, String(message || caught))
  }
  return caught instanceof Error ? (caught as ChatError) : new ChatError(code, String(message))
}

/**
 * Chatgate's client interface over a TencentCloudChat instance, so that `ChatProvider`,
 * `LoginGate`, `KickedOutModal` and the hooks run on Tencent's cloud. The snapshot is
 * derived from the instance's events; `login`, `logout` and `destroy` smooth over the
 * real SDK's quirks (see README). The instance stays the caller's: events registered with
 * `on` are registered on it.
 */
export function fromTencentChat(chat: TencentChat): ChatClient {
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
  let pending: { userID: unknown; promise: Promise<ChatResponse<LoginData>> } | undefined
  let destroyed: Promise<Empty> | undefined

  const set = (patch: Partial<ChatSnapshot>) => {
    const next = patchSnapshot(snapshot, patch)
    if (next === snapshot) return
    snapshot = next
    for (const listener of [...listeners]) listener()
  }

  // Registered before anything the app registers through `on`, so app handlers already
  // see the snapshot that their event produced.
  const handlers: Record<string, (event: TencentEvent) => void> = {
    [EVENT.SDK_READY]: () =>
      set({
        loginStatus: 1,
        userID: String(chat.getLoginUser()) || snapshot.userID,
        ready: true,
        netState: 'connected',
        kick: null,
        error: null,
      }),
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
    [EVENT.ERROR]: ({ data }) => set({ error: asChatError(data) }),
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

  const run = async ({ userID, userSig }: LoginOptions): Promise<ChatResponse<LoginData>> => {
    const current = String(chat.getLoginUser() ?? '')
    if (current && current === userID && chat.isReady()) {
      return ok({ repeatLogin: true, errorInfo: 'Already logged in.' })
    }
    // The real SDK answers `repeatLogin` for another UserID and stays on the old one:
    // log the old one out first (2024 means it already was).
    if (current) await chat.logout().catch(ignore)
    try {
      // Inside an async function a synchronous throw of the SDK becomes a rejection; it
      // comes before the snapshot says "logging in". No `getUserSig`: the real SDK cannot
      // renew a UserSig in place (see README).
      const answer = chat.login({ userID, userSig })
      set({ loginStatus: 2, userID, ready: false, netState: 'connecting', error: null })
      await answer
      // The real SDK resolves a few ms before SDK_READY; this resolves after it.
      await untilReady()
      return ok({ repeatLogin: false })
    } catch (caught) {
      const error = asChatError(caught)
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
      if (pending && pending.userID === userID) return pending.promise
      // Another UserID waits for the login in flight to settle, then switches.
      const before = pending?.promise.catch(ignore)
      const promise = (async () => {
        await before
        return run(options ?? ({} as LoginOptions))
      })()
      const entry = { userID, promise }
      pending = entry
      const clear = () => {
        if (pending === entry) pending = undefined
      }
      promise.then(clear, clear)
      return promise
    },

    async logout() {
      await pending?.promise.catch(ignore)
      try {
        await chat.logout()
      } catch (caught) {
        throw asChatError(caught)
      }
      set(LOGGED_OUT)
      return ok({})
    },

    destroy() {
      destroyed ??= (async () => {
        try {
          await chat.destroy()
        } catch (caught) {
          // destroy is logout().finally(release): 2024 only says nobody was logged in.
          const error = asChatError(caught)
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

    on(name, handler, context) {
      chat.on(name, handler as (event: TencentEvent) => void, context)
    },
    off(name, handler, context) {
      chat.off(name, handler as (event: TencentEvent) => void, context)
    },
  }
  return client
}
