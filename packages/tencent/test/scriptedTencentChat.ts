/**
 * A scripted stand-in for a TencentCloudChat instance of `@tencentcloud/chat` 3.6.6, which
 * cannot reach Tencent's service from here. It reproduces the real SDK's login quirks
 * (shared/reference/login-facts.md), so the adapter's answers to them can be tested:
 * - `login` resolves first, SDK_READY follows in a later task (isReady() is false at first);
 * - a `login` while one is in flight rejects 2025;
 * - a `login` while logged in resolves `{ repeatLogin: true }` even for another UserID;
 * - a missing userID/userSig throws synchronously, an Error without a code;
 * - `logout` when not logged in rejects 2024, and `destroy` is `logout().finally(…)`;
 *   both answer at once, also while a login waits for the network (it has nobody to log
 *   out yet), and neither ends that login;
 * - its own errors (2024, 2025, a login timed out: 2801) have an empty `message` and
 *   `data` `{}`; a refusal by the server has the server's message;
 * - a kick raises KICKED_OUT, then SDK_NOT_READY.
 * Its EVENT and TYPES values and members are checked against the real package in
 * surface.test.ts. The script (`refuseNextLogin`, `offline`, `timeOutLogins`, `kick`,
 * `netState`, `raiseError`) plays the part of Tencent's servers and the network.
 */

export const EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  KICKED_OUT: 'kickedOut',
  NET_STATE_CHANGE: 'netStateChange',
  ERROR: 'error',
  SDK_DESTROY: 'sdkDestroy',
} as const

export const TYPES = {
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
} as const

type Handler = (event: { name: string; data?: unknown }) => void

/** The real SDK's failures: `Error`s with `code`, `message` ('' for its own codes), `data`. */
function sdkError(code: number, message = ''): Error & { code: number; data: unknown } {
  return Object.assign(new Error(message), { code, data: {} })
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))

export function createScriptedTencentChat() {
  const handlers: { name: string; handler: Handler; context: unknown }[] = []
  let user = ''
  let ready = false
  let inFlight = false
  let refusal: number | undefined
  /** While offline, logins wait here for `timeOutLogins` (the real SDK waits 90 s). */
  let offline = false
  const waiting: (() => void)[] = []
  /** Every call the adapter made, in order, e.g. `login alice`, `logout`. */
  const calls: string[] = []

  const emit = (name: string, data?: unknown) => {
    for (const { name: n, handler, context } of [...handlers]) {
      if (n === name) handler.call(context, { name, data })
    }
  }

  const chat = {
    login(options: { userID: string; userSig: string }): Promise<unknown> {
      calls.push(`login ${options?.userID}`)
      if (!options?.userID || !options.userSig) throw new Error('Params validate failed.')
      if (inFlight) return Promise.reject(sdkError(2025))
      if (ready) {
        return Promise.resolve({
          code: 0,
          data: { repeatLogin: true, errorInfo: `${user} is already logged in.` },
        })
      }
      inFlight = true
      if (offline) {
        return new Promise((_, reject) =>
          waiting.push(() => {
            inFlight = false
            reject(sdkError(2801))
          }),
        )
      }
      const refused = refusal
      refusal = undefined
      return nextTask().then(() => {
        inFlight = false
        if (refused !== undefined) throw sdkError(refused, 'Login refused by the script.')
        user = options.userID
        // SDK_READY comes a task after the promise resolves.
        void nextTask().then(() => {
          if (user !== options.userID || ready) return
          ready = true
          emit(EVENT.NET_STATE_CHANGE, { state: TYPES.NET_STATE_CONNECTED })
          emit(EVENT.SDK_READY)
        })
        return { code: 0, data: { repeatLogin: false } }
      })
    },
    logout(): Promise<unknown> {
      calls.push('logout')
      if (!user) return Promise.reject(sdkError(2024))
      user = ''
      const wasReady = ready
      ready = false
      if (wasReady) emit(EVENT.SDK_NOT_READY)
      return Promise.resolve({ code: 0, data: {} })
    },
    destroy(): Promise<unknown> {
      calls.push('destroy')
      return chat.logout().finally(() => {
        emit(EVENT.SDK_DESTROY, { SDKAppID: 1400000001 })
        handlers.length = 0
      })
    },
    getLoginUser: (): string => user,
    isReady: (): boolean => ready,
    on(name: string, handler: Handler, context?: unknown): void {
      handlers.push({ name, handler, context })
    },
    off(name: string, handler: Handler, context?: unknown): void {
      const at = handlers.findIndex(
        (h) => h.name === name && h.handler === handler && h.context === context,
      )
      if (at >= 0) handlers.splice(at, 1)
    },
    setLogLevel(_level: number): void {},
  }

  const script = {
    calls,
    /** The next login is refused with this code (e.g. 70001, an expired UserSig). */
    refuseNextLogin(code: number) {
      refusal = code
    },
    /** The server kicks the logged-in user: KICKED_OUT, then SDK_NOT_READY. */
    /** Logins from now on wait for the network, until `timeOutLogins`. */
    offline() {
      offline = true
    },
    /** Every login waiting for the network rejects 2801; logins go through again. */
    timeOutLogins() {
      offline = false
      for (const timeOut of waiting.splice(0)) timeOut()
    },
    kick(type: (typeof TYPES)[keyof typeof TYPES]) {
      user = ''
      ready = false
      emit(EVENT.KICKED_OUT, { type })
      emit(EVENT.SDK_NOT_READY)
    },
    netState(state: 'connected' | 'connecting' | 'disconnected') {
      emit(EVENT.NET_STATE_CHANGE, { state })
    },
    raiseError(code: number, message: string) {
      emit(EVENT.ERROR, { code, message })
    },
    handlerCount: () => handlers.length,
  }
  return { chat, script }
}
