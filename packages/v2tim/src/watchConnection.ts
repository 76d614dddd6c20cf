import type { Chat, ChatEvent } from '@chatgate/core'
import { clientError, EVENT, NETWORK_ERROR, NOT_READY_LOGGED_OUT } from '@chatgate/protocol'
import type { V2TimSDKListener } from './types.js'

/**
 * Calls the V2TIM listener from the client's events; returns what detaches it. The
 * client's state machine decides everything, this only renames: NET_STATE_CHANGE →
 * onConnecting / onConnectSuccess / onConnectFailed, KICKED_OUT → onUserSigExpired for an
 * expired UserSig, onKickedOffline for every other kick.
 *
 * Every onConnecting ends with onConnectSuccess or onConnectFailed, or a kick's callback:
 * a login the server refuses reports its code, never leaves the app waiting.
 */
export function watchConnection(chat: Chat, listener: Partial<V2TimSDKListener>): () => void {
  /** onConnecting was called and nothing has said how that attempt ended yet. */
  let connecting = false
  const onNet = ({ data }: ChatEvent<'netStateChange'>) => {
    const attempt = connecting
    connecting = data.state === 'connecting'
    if (data.state === 'connecting') listener.onConnecting?.()
    else if (data.state === 'connected') listener.onConnectSuccess?.()
    else {
      // `disconnected` also ends every logout and kick: a failure only when an attempt was
      // under way, or while the session still wants the connection (a drop: it retries).
      const { loginStatus, error } = chat.getSnapshot()
      if (!attempt && loginStatus === 3) return
      // A refusal or a network failure left its error; an attempt ended without one was
      // ended by a logout or another login; a live session without one lost the network.
      const reason = error ?? clientError(loginStatus === 3 ? NOT_READY_LOGGED_OUT : NETWORK_ERROR)
      listener.onConnectFailed?.(reason.code, reason.message)
    }
  }
  const onKick = ({ data }: ChatEvent<'kickedOut'>) => {
    // A kick answers a reconnect's attempt itself (the network state follows it).
    connecting = false
    if (data.type === 'userSigExpired') listener.onUserSigExpired?.()
    else listener.onKickedOffline?.()
  }
  chat.on(EVENT.NET_STATE_CHANGE, onNet)
  chat.on(EVENT.KICKED_OUT, onKick)
  return () => {
    chat.off(EVENT.NET_STATE_CHANGE, onNet)
    chat.off(EVENT.KICKED_OUT, onKick)
  }
}
