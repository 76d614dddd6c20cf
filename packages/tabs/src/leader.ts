import {
  Chat,
  type ChatOptions,
  type ChatSnapshot,
  type SharedLogin,
  type SocketLike,
  type WebSocketConstructor,
} from '@chatgate/core'
import { EVENT, type EventName } from '@chatgate/protocol'
import { LOGGED_OUT, type Mirror } from './mirror.js'
import {
  type CallOp,
  type Notice,
  type Resumable,
  type TabMessage,
  toWireNotice,
  toWireSnapshot,
  type WireLogin,
} from './wire.js'

/** What a leading tab needs from its tab. */
export interface LeaderHost {
  tabId: string
  options: ChatOptions
  /** The tab's own snapshot and events; the leader's `Chat` writes it. */
  mirror: Mirror
  /** What the previous leader left: how to resume its session, if it had a live one. */
  resume: Resumable | undefined
  post(message: TabMessage): void
  /** A fresh UserSig for the renewal: the tab's own `getUserSig`, or another tab's. */
  fetchUserSig(userID: string): Promise<string>
}

export interface Leader {
  /**
   * A call of this tab or a follower on the shared session: a login (`arg` its options),
   * a logout, or a call of the session list (`endSession`'s `arg` the sessionID).
   */
  run(op: CallOp, arg?: WireLogin | string): Promise<unknown>
  /** The state message a new tab is answered with. */
  state(): TabMessage
  /**
   * Lets go of the connection without logging out when another tab waits to take the
   * session over (it resumes it); logs out otherwise, as `Chat.destroy` does.
   */
  leave(handOver: boolean): Promise<void>
}

/**
 * Leads: holds the one `Chat` (and so the one WebSocket) of every tab. A live session the
 * last leader left is resumed, not logged in again: no admission, no kick, and no
 * SDK_READY in any tab, which saw it already.
 */
export function lead(host: LeaderHost): Leader {
  const { options, mirror, post } = host
  let resume: Resumable | undefined
  // The kick the tabs show stays until a login succeeds, as in core, though this `Chat`
  // is new and has none.
  let kick = mirror.get().kick
  // The socket, so that leaving can close it before the `Chat` is destroyed: a closing
  // socket drops the logout frame, and the server keeps the session for a resume.
  let socket: SocketLike | undefined
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  const chat = new Chat({
    ...options,
    WebSocket:
      Socket &&
      class extends Socket {
        constructor(url: string) {
          super(url)
          socket = this
        }
      },
  })

  const state = (notice?: Notice): TabMessage => {
    const snapshot = mirror.get()
    return {
      t: 'state',
      from: host.tabId,
      snapshot: toWireSnapshot(snapshot),
      resume: snapshot.ready ? resume : undefined,
      notice: notice && toWireNotice(notice),
    }
  }
  const adopt = (snapshot: ChatSnapshot) => {
    if (snapshot.ready) kick = null
    mirror.set(snapshot.kick || !kick ? snapshot : { ...snapshot, kick })
    post(state())
  }
  const unsubscribe = chat.subscribe(() => adopt(chat.getSnapshot()))
  const notices = [EVENT.ERROR, EVENT.USER_SIG_EXPIRING] satisfies EventName[]
  const notify = ({ name, data }: { name: EventName; data: unknown }) => {
    mirror.emit(name, data)
    post(state([name, data]))
  }
  for (const name of notices) chat.on(name, notify)

  const login = (wire: WireLogin, extra?: Partial<SharedLogin>) => {
    const { userID, userSig, renewable, device } = wire
    const shared: SharedLogin = {
      userID,
      userSig,
      device,
      getUserSig: renewable ? host.fetchUserSig : undefined,
      onResumable(sessionId, userSig) {
        resume = { sessionId, userSig, renewable, device }
      },
      ...extra,
    }
    return chat.login(shared)
  }

  const inherited = mirror.get()
  if (inherited.ready && host.resume) {
    login(
      { ...host.resume, userID: inherited.userID },
      { resume: host.resume.sessionId, expiresAt: inherited.userSigExpiresAt! },
    ).catch(() => {})
  } else if (inherited.loginStatus !== 3) {
    // The last leader died during a login: it is gone with it. A follower that asked for
    // it asks again.
    mirror.set({ ...inherited, ...LOGGED_OUT })
  }
  post(state())

  return {
    // The leader's `Chat` checks every argument and answers as it would in one tab.
    run: (op, arg) => (op === 'login' ? login(arg as WireLogin) : chat[op](arg as string)),
    state,
    async leave(handOver) {
      unsubscribe()
      for (const name of notices) chat.off(name, notify)
      if (handOver) socket?.close()
      await chat.destroy()
    },
  }
}
