/**
 * `@chatgate/react/hooks`: the provider and hooks without the DOM components, for React
 * Native and any renderer without a document. Nothing here touches `document` or `window`.
 */
export type { ChatClient, ChatOptions, ChatSnapshot, KickInfo } from '@chatgate/core'
export {
  type ChatError,
  KICK_TYPES,
  type KickedBy,
  type KickType,
  LOGIN_STATUS,
  type LoginStatus,
  NET_STATES,
  type NetState,
  type Platform,
  type SessionInfo,
} from '@chatgate/protocol'
export { ChatProvider, type ChatProviderProps } from './ChatProvider.js'
export type { ChatContextValue } from './chatContext.js'
export type { KitState, RestorePhase } from './kitSession.js'
export {
  type ChatTexts,
  type ChatTextsOverrides,
  DEFAULT_TEXTS,
  type KickText,
} from './messages.js'
export { useChat } from './useChat.js'
export { type KickedOut, useKickedOut } from './useKickedOut.js'
export { type GetUserSig, type LoginCredentials, type LoginResult, useLogin } from './useLogin.js'
export { type LoginFormOptions, type LoginFormState, useLoginForm } from './useLoginForm.js'
export { useLoginStatus } from './useLoginStatus.js'
export { useLogout } from './useLogout.js'
export { type Session, type SessionStatus, useSession } from './useSession.js'
export { type Sessions, useSessions } from './useSessions.js'
