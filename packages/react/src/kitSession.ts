import type { ChatClient, ChatSnapshot, KickInfo } from '@chatgate/core'
import { type ChatError, LOGIN_STATUS } from '@chatgate/protocol'
import type { SharedChat } from '@chatgate/tabs'
import { callApp } from './appFailure.js'
import type { KickMark, KitMemory, RememberedUser } from './kitMemory.js'
import { type GetUserSig, type LoginCredentials, logInWith } from './logInWith.js'
import { isRetryable, type RetrySettings } from './retryPolicy.js'
import { createSilentLogin } from './silentLogin.js'
import { createStore, type Store } from './subscribable.js'

/**
 * The silent login (the provider's `autoLogin` or the gate's remembered UserID): none,
 * running, or waiting to try again because the network failed it (rule 37).
 */
export type RestorePhase = 'idle' | 'running' | 'reconnecting'

/** The kit's own state, beside the client's snapshot. Only the kit session writes it. */
export interface KitState {
  restore: RestorePhase
  /** True once a silent login started in this provider: it never starts twice (StrictMode). */
  started: boolean
  /** Whom the silent login is for; the form is prefilled with it when it failed. */
  userID: string
  /** Why the silent login failed (reconnecting: the network's error); null once the user logs in. */
  error: ChatError | null
  /** The kick the user acknowledged last: hidden from every component of the provider. */
  acknowledged: KickInfo | null
  /**
   * The last kick, kept across reloads until a login succeeds or a logout: this tab's, or
   * the browser's when its tabs share the session.
   */
  kickMark: KickMark | null
  /** The last UserID that logged in (while the gate remembers). */
  remembered: RememberedUser | null
}

export interface KitSessionConfig {
  client: ChatClient
  memory: KitMemory
  /** The provider's `autoLogin`: run once, when the provider starts, unless a kick holds it back. */
  autoLogin?: () => Promise<LoginCredentials | null>
  retry: RetrySettings
}

/** What the kit clears when a kick's user is gone: a react-query cache, or anything with `clear`. */
export interface Cache {
  clear(): void
}

/**
 * One per provider: subscribes to the client once, keeps the snapshot it saw last, and is
 * the only writer of the kit's own state and memory — the silent login and its retries,
 * the acknowledged kick, the kick mark, the remembered UserID — and the only caller of the
 * kick callbacks. Hooks read it (`getState`, `subscribe`) and call its intents.
 */
export interface KitSession extends Omit<Store<KitState>, 'setState'> {
  /** The state the server rendered: nothing read from storage yet (first client render = server's). */
  readonly serverState: KitState
  /** The client's snapshot when the provider was created: what the server rendered. */
  readonly serverSnapshot: ChatSnapshot
  /** Subscribes to the client and runs the silent login (once); returns how to stop. */
  start(): () => void
  /** The gate remembers logins while this is on, and logs the remembered user in silently. */
  remember(getUserSig: GetUserSig): () => void
  /** Whether `remember` would start a silent login now (the gate shows loading meanwhile). */
  canRestoreRemembered(state: KitState): boolean
  login(credentials: LoginCredentials): ReturnType<typeof logInWith>
  /** Runs the app's own sign-out first (if any), forgets the kick and the user, logs out. */
  logout(appSignOut?: () => unknown): Promise<void>
  /** Hides the current kick; the kicked user's cached data goes now. */
  acknowledge(): void
  /** Tries the silent login again now instead of at the end of its backoff. */
  retry(): void
  /** Calls `handler` once for each kick that arrives from now on. */
  onKick(handler: (kick: KickInfo) => void): () => void
  /** Calls `handler` each time the user acknowledges a kick (not when a tab opens after it). */
  onAcknowledge(handler: () => void): () => void
  /** A cache to clear once a kicked user is acknowledged (or the next login starts). */
  addCache(cache: Cache): () => void
}

/** Whether the client's session is shared by the browser's tabs (`shareChat`, where it can). */
export const sharesTabs = (client: ChatClient): client is Required<SharedChat> => 'synced' in client

/** Same kick: a client may rebuild the object, but a kick is its type plus its arrival. */
export const sameKick = (a: KickInfo | null, b: KickInfo | null): boolean =>
  a === b || (a !== null && b !== null && a.at === b.at && a.type === b.type)

export function createKitSession({
  client,
  memory,
  autoLogin,
  retry,
}: KitSessionConfig): KitSession {
  const serverSnapshot = client.getSnapshot()
  const shared = sharesTabs(client)
  const first = (
    kickMark: KickMark | null,
    remembered: RememberedUser | null,
    waiting?: boolean,
  ): KitState => ({
    // Loading from the very first render (on the server too): a form never flashes. A tab
    // whose session the tabs share first waits to hear it from them (`waiting`).
    restore:
      waiting ||
      (autoLogin &&
        !kickMark &&
        !serverSnapshot.kick &&
        serverSnapshot.loginStatus !== LOGIN_STATUS.LOGINED)
        ? 'running'
        : 'idle',
    started: false,
    userID: '',
    error: null,
    acknowledged: null,
    kickMark,
    remembered,
  })
  // Storage is read on the first client read: during hydration React asks `serverState`.
  let store: Store<KitState> | undefined
  const kit = () =>
    (store ??= createStore(first(memory.kickMark.read(), memory.remembered.read(), shared)))
  const getState = () => kit().getState()
  const update = (patch: Partial<KitState>) => {
    const state = getState()
    const keys = Object.keys(patch) as (keyof KitState)[]
    if (keys.some((key) => !Object.is(patch[key], state[key])))
      kit().setState({ ...state, ...patch })
  }

  let previous = serverSnapshot
  /** The kit knows the session: it started, and (tabs sharing) heard it from the tabs. */
  let began = false
  let getRememberedSig: GetUserSig | undefined
  const kickHandlers = new Set<(kick: KickInfo) => void>()
  const acknowledgeHandlers = new Set<() => void>()
  const caches = new Set<Cache>()
  let kickedDataLeft = false
  const clearKickedData = () => {
    if (!kickedDataLeft) return
    kickedDataLeft = false
    for (const cache of caches) cache.clear()
  }
  /** While the gate remembers: writes the remembered user and returns it, else keeps it. */
  const rememberAs = (user: RememberedUser | null) => {
    if (!getRememberedSig) return getState().remembered
    memory.remembered.write(user)
    return user
  }

  const silent = createSilentLogin(retry, (retrying, error) =>
    // Retrying keeps the signed-in shape: the user is still signed in to the app (rule 37).
    update({ restore: retrying ? 'reconnecting' : 'idle', error }),
  )
  const run = (task: () => Promise<unknown>, userID: string) => {
    update({ restore: 'running', started: true, userID, error: null })
    silent.run(task)
  }
  const canRestoreRemembered = (state: KitState) => {
    const { loginStatus, kick } = client.getSnapshot()
    return (
      !autoLogin &&
      !state.started &&
      !state.kickMark &&
      state.remembered?.silent === true &&
      loginStatus === LOGIN_STATUS.LOGOUT &&
      !kick
    )
  }

  /**
   * Once the kit knows the session: runs the silent login that should run (the provider's
   * `autoLogin`, else the gate's remembered UserID), or ends the loading state.
   */
  const decide = () => {
    const state = getState()
    const { loginStatus, kick } = previous
    if (state.started) return
    if (
      autoLogin &&
      state.restore === 'running' &&
      !state.kickMark &&
      !kick &&
      // Another tab's login in flight is joined: the leading tab makes the two one login.
      (loginStatus === LOGIN_STATUS.LOGOUT || (shared && loginStatus === LOGIN_STATUS.LOGINING))
    ) {
      run(async () => {
        const credentials = await callApp(autoLogin)
        if (!credentials) return
        update({ userID: credentials.userID })
        await logInWith(client, credentials)
      }, '')
    } else if (getRememberedSig && canRestoreRemembered(state)) {
      const { userID } = state.remembered as RememberedUser
      run(
        () =>
          logInWith(client, { userID, getUserSig: (id) => getRememberedSig!(id) }).catch(
            (error: ChatError) => {
              // Refused once: the form shows, prefilled; no silent login on the next load.
              if (!isRetryable(error.code)) {
                update({ remembered: rememberAs({ userID, silent: false }) })
              }
              throw error
            },
          ),
        userID,
      )
    } else update({ restore: 'idle' })
  }

  const onClientChange = () => {
    const next = client.getSnapshot()
    const was = previous
    previous = next
    if (next.ready && !was.ready) {
      // Logged in, by the silent login or any other: nothing is left to restore.
      silent.cancel()
      memory.kickMark.write(null)
      update({
        restore: 'idle',
        kickMark: null,
        error: null,
        remembered: rememberAs({ userID: next.userID, silent: true }),
      })
    } else if (next.kick && !sameKick(next.kick, was.kick)) {
      const { type, userID } = next.kick
      memory.kickMark.write({ type, userID })
      kickedDataLeft = true
      update({ kickMark: { type, userID }, remembered: rememberAs({ userID, silent: false }) })
      for (const handler of [...kickHandlers]) handler(next.kick)
    } else if (was.ready && next.loginStatus === LOGIN_STATUS.LOGOUT) {
      // A refused session keeps the UserID to prefill the form; a logout forgets it.
      update({ remembered: rememberAs(next.error ? { userID: was.userID, silent: false } : null) })
    }
    if (next.loginStatus === LOGIN_STATUS.LOGINING && was.loginStatus === LOGIN_STATUS.LOGOUT) {
      clearKickedData()
    }
  }

  return {
    serverState: first(null, null),
    serverSnapshot,
    getState,
    subscribe: (listener) => kit().subscribe(listener),

    start() {
      const deactivate = silent.activate()
      let live = true
      let unsubscribe = () => {}
      const begin = () => {
        if (!live) return
        previous = client.getSnapshot()
        unsubscribe = client.subscribe(onClientChange)
        // A kick from before this tab heard the session (it opened or reloaded since) shows
        // as a kicked tab's reload does: the form saying why, not the dialog. It runs before
        // the app renders that kick (`synced` resolves first).
        if (shared && !began && previous.kick) update({ acknowledged: previous.kick })
        began = true
        decide()
      }
      if (shared) client.synced().then(begin)
      else begin()
      return () => {
        live = false
        unsubscribe()
        // A retry waiting is scheduled again if the provider starts again (StrictMode).
        deactivate()
      }
    },

    remember(getUserSig) {
      getRememberedSig = getUserSig
      // Before the kit began, `start` decides; the gate's effect runs before the provider's.
      if (began) decide()
      return () => {
        if (getRememberedSig === getUserSig) getRememberedSig = undefined
      }
    },

    canRestoreRemembered,

    login(credentials) {
      // The user's own login supersedes the silent one and its failure.
      silent.cancel()
      update({ restore: 'idle', error: null })
      return logInWith(client, credentials)
    },

    async logout(appSignOut) {
      await appSignOut?.()
      silent.cancel()
      memory.kickMark.write(null)
      update({ restore: 'idle', error: null, kickMark: null, remembered: rememberAs(null) })
      await client.logout()
    },

    acknowledge() {
      const { kick } = client.getSnapshot()
      if (!kick || sameKick(kick, getState().acknowledged)) return
      update({ acknowledged: kick })
      clearKickedData()
      for (const handler of [...acknowledgeHandlers]) handler()
    },

    retry: silent.retryNow,

    onKick(handler) {
      kickHandlers.add(handler)
      return () => kickHandlers.delete(handler)
    },

    onAcknowledge(handler) {
      acknowledgeHandlers.add(handler)
      return () => acknowledgeHandlers.delete(handler)
    },

    addCache(cache) {
      caches.add(cache)
      return () => caches.delete(cache)
    },
  }
}
