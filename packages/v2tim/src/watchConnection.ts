import type { Chat, ChatEvent } from '@chatgate/core'
import { EVENT, NETWORK_ERROR } from '@chatgate/protocol'
import type { V2TimSDKListener } from './types.js'

/**
 * Calls the V2TIM listener from the client's events; returns what detaches it. The
 * client's state machine decides everything, this only renames: NET_STATE_CHANGE →
 * onConnecting / onConnectSuccess / onConnectFailed, KICKED_OUT → onUserSigExpired for an
 * expired UserSig, onKickedOffline for every other kick.
 */
export function watchConnection(chat: Chat, listener: V2TimSDKListener): () => void {
  const onNet = ({ data }: ChatEvent<'netStateChange'>) => {
    if (data.state === 'connecting') listener.onConnecting?.()
    else if (data.state === 'connected') listener.onConnectSuccess?.()
    else {
      // `disconnected` also ends every logout and kick: a failure only while a session
      // wants the connection, or when the network failed the login itself (28xx).
      const { loginStatus, error } = chat.getSnapshot()
      const networkFailed = error !== null && error.code >= 2800 && error.code < 2900
      if (loginStatus !== 3 || networkFailed) {
        listener.onConnectFailed?.(error?.code ?? NETWORK_ERROR, error?.message ?? 'Network error.')
      }
    }
  }
  const onKick = ({ data }: ChatEvent<'kickedOut'>) => {
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
