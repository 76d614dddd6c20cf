import {
  Chat,
  type ChatClient,
  type ChatOptions,
  type ChatResponse,
  type LoginData,
  type LoginOptions,
} from '@chatgate/core'
import {
  type ChatError,
  CLIENT_DESTROYED,
  clientError,
  EVENT,
  INVALID_PARAMETERS,
} from '@chatgate/protocol'
import { type Leader, lead } from './leader.js'
import { createMirror } from './mirror.js'
import { browserTabEnvironment, type ChannelLike, type TabEnvironment } from './tabEnvironment.js'
import { shareUserSigs } from './userSigs.js'
import {
  type CallOp,
  fromWireError,
  fromWireNotice,
  fromWireSnapshot,
  type Resumable,
  type TabMessage,
  toWireError,
  type WireLogin,
} from './wire.js'

export interface SharedChatOptions extends ChatOptions {
  /**
   * Web Locks and BroadcastChannel to share through (tests pass their own).
   * @default the browser's; where either is missing, the client is a per-tab `Chat`
   */
  tabs?: TabEnvironment
}

/** A client whose session every tab of the browser shares. */
export interface SharedChat extends ChatClient {
  /** True while this tab holds the connection for every tab (always, for a per-tab `Chat`). */
  isLeader(): boolean
  /**
   * Resolves once this tab has the shared state: it leads, or the leader told it. Until
   * then a tab that just opened says "logged out" only because it has not heard yet: wait
   * for this before deciding to show a login form or to log in. It resolves just before the
   * snapshot takes that state, so what awaits it sees the state and runs before anything a
   * listener scheduled (a React render). Undefined on the per-tab `Chat` (no Web Locks or
   * BroadcastChannel), which has nothing to wait for: its absence says the tabs do not share.
   */
  synced?(): Promise<void>
}

type Empty = ChatResponse<Record<string, never>>

interface Call {
  op: CallOp
  arg?: WireLogin | string
  resolve(data: unknown): void
  reject(error: ChatError): void
}

/** Bump when the messages change: tabs of another release of the app then never meet. */
const PROTOCOL = 1

/**
 * A client for `options.SDKAppID` and `options.url` whose login and WebSocket are shared
 * by every tab of this browser profile that made one for the same app and URL. One tab
 * leads (Web Locks elect it) and holds the one `Chat`; the others mirror its snapshot and
 * events over a BroadcastChannel and send it their `login` and `logout`. When the leading
 * tab goes (closed, reloaded, crashed, destroyed), the tab that waited longest leads and
 * resumes the same server session. Without Web Locks or BroadcastChannel it is a plain
 * per-tab `Chat`.
 */
export function shareChat(options: SharedChatOptions): SharedChat {
  const { tabs, ...chatOptions } = options
  const environment = tabs ?? browserTabEnvironment()
  if (!environment) return Object.assign(new Chat(chatOptions), { isLeader: () => true })

  const name = `chatgate-tabs-${PROTOCOL}:${Number(options.SDKAppID) || 0}:${options.url ?? ''}`
  const tabId = Math.random().toString(36).slice(2)
  const logger = options.logger ?? console
  const mirror = createMirror((error) => {
    if ((options.logLevel ?? 2) < 4) logger.error('[chatgate]', 'handler threw', error)
  })
  let channel: ChannelLike | undefined
  const quit = new AbortController()
  /** Calls of this tab not answered yet, by id: sent again to each new leader. */
  const calls = new Map<string, Call>()
  let leader: Leader | undefined
  let leaderId = ''
  let resume: Resumable | undefined
  let lastId = 0
  let stopLeading = () => {}
  let destroyed: Promise<Empty> | undefined
  let heard!: () => void
  const synced = new Promise<void>((resolve) => {
    heard = resolve
  })

  const post = (message: TabMessage) => channel?.postMessage(message)
  const newId = () => `${tabId}.${++lastId}`
  const userSigs = shareUserSigs(options, post, newId)

  const send = (id: string, call: Call) => {
    const settle = (promise: Promise<unknown>) =>
      promise.then(call.resolve, call.reject).finally(() => calls.delete(id))
    if (leader) settle(leader.run(call.op, call.arg))
    else if (leaderId) {
      try {
        post({ t: 'call', to: leaderId, id, op: call.op, arg: call.arg })
      } catch {
        // Only a value structured clone cannot copy gets here (a function as UserID…).
        settle(Promise.reject(clientError(INVALID_PARAMETERS)))
      }
    }
  }

  const call = <T>(op: CallOp, arg?: Call['arg']) =>
    new Promise<T>((resolve, reject) => {
      if (destroyed) throw clientError(CLIENT_DESTROYED)
      join()
      const id = newId()
      const entry: Call = { op, arg, resolve: resolve as (data: unknown) => void, reject }
      calls.set(id, entry)
      send(id, entry)
    })

  const onMessage = ({ data: message }: { data: TabMessage }) => {
    // A tab that is leaving takes no part any more: what it was asked, the next leader answers.
    if (destroyed) return
    switch (message?.t) {
      case 'hello':
        if (leader) post(leader.state())
        return
      case 'state':
        if (leader) return
        // Resolved first: what awaits it runs before the app renders this state.
        heard()
        mirror.set(fromWireSnapshot(message.snapshot))
        resume = message.resume
        if (message.notice) mirror.emit(...fromWireNotice(message.notice))
        if (message.from !== leaderId) {
          // A new leader: what the last one did not answer goes to this one.
          leaderId = message.from
          for (const [id, pending] of calls) send(id, pending)
        }
        return
      case 'call':
        if (leader && message.to === tabId) {
          const { id } = message
          const reply = (answer: TabMessage) => {
            if (!destroyed) post(answer)
          }
          leader.run(message.op, message.arg).then(
            (data) => reply({ t: 'reply', id, data }),
            (error: ChatError) => reply({ t: 'reply', id, error: toWireError(error) }),
          )
        }
        return
      case 'reply': {
        const pending = calls.get(message.id)
        calls.delete(message.id)
        if (message.error) pending?.reject(fromWireError(message.error))
        else pending?.resolve(message.data)
        return
      }
      case 'sig?':
        // Only a leader asks, and a channel never delivers to its sender: this is a follower.
        userSigs.answer(message)
        return
      case 'sig':
        userSigs.heard(message)
        return
    }
  }
  /**
   * Joins the other tabs: at the first `subscribe`, `on`, `login` or `logout`, not at
   * creation, so a client made and dropped unused (React StrictMode's second initial state)
   * never takes part, and never leads.
   */
  const join = () => {
    if (channel || destroyed) return
    channel = environment.openChannel(name)
    channel.onmessage = onMessage
    post({ t: 'hello' })
    environment.locks
      .request(name, { signal: quit.signal }, async () => {
        // Granted while leaving: let the next tab have it.
        if (destroyed) return
        heard()
        leader = lead({
          tabId,
          options: chatOptions,
          mirror,
          resume,
          post,
          fetchUserSig: userSigs.fetch,
        })
        leaderId = tabId
        for (const [id, pending] of calls) send(id, pending)
        // Held until this tab leaves; closing, reloading or crashing releases it too.
        await new Promise<void>((resolve) => {
          stopLeading = resolve
        })
      })
      .catch(() => {}) // Aborted by destroy before this tab led.
  }

  return {
    subscribe(listener) {
      join()
      return mirror.subscribe(listener)
    },
    getSnapshot: mirror.get,
    on(event, handler, context) {
      join()
      mirror.on(event, handler, context)
    },
    off: mirror.off,
    isLeader: () => Boolean(leader),
    synced() {
      join()
      return synced
    },
    login(login) {
      userSigs.keep(login?.getUserSig)
      // Checked by the leader's `Chat`, which rejects what is missing or wrong with its code.
      const { userID, userSig, device } = login ?? ({} as LoginOptions)
      return call<ChatResponse<LoginData>>('login', {
        userID,
        userSig,
        renewable: Boolean(login?.getUserSig),
        device,
      })
    },
    logout: () => call<Empty>('logout'),
    // The leader's `Chat` asks the server: `current` is this browser's one session.
    getSessions: () => call('getSessions'),
    endSession: (sessionID) => call('endSession', sessionID),
    endOtherSessions: () => call('endOtherSessions'),
    destroy() {
      destroyed ??= (async () => {
        // One turn later, so `destroyed` is set before any handler runs (as core's destroy).
        await undefined
        quit.abort()
        for (const pending of calls.values()) pending.reject(clientError(CLIENT_DESTROYED))
        calls.clear()
        if (leader) {
          const { pending = [] } = await environment.locks.query()
          await leader.leave(pending.some((lock) => lock.name === name))
          leader = undefined
          stopLeading()
        }
        channel?.close()
        channel = undefined
        mirror.emit(EVENT.SDK_DESTROY, { SDKAppID: Number(options.SDKAppID) || 0 })
        mirror.clear()
        return { code: 0, data: {} } as Empty
      })()
      return destroyed
    },
  }
}
