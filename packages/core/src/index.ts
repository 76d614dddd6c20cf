import { Chat } from './chat.js'

export {
  ChatError,
  EVENT,
  type EventName,
  type KickType,
  type LoginStatus,
  type LogLevel,
  type NetState,
  type Platform,
} from '@chatgate/protocol'
/** The client's type under the name TencentCloudChat's typings give it. */
export type { Chat as ChatSDK } from './chat.js'
export { Chat, TYPES } from './chat.js'
export type { ChatClient } from './client.js'
export type {
  NetworkWatcher,
  SocketLike,
  Timers,
  WebSocketConstructor,
} from './environment.js'
export type { SharedLogin } from './session.js'
export type { ChatSnapshot, KickInfo } from './snapshot.js'
export type {
  ChatEvent,
  ChatEventData,
  ChatEventHandler,
  ChatListenerMethod,
  ChatOptions,
  ChatResponse,
  Logger,
  LoginData,
  LoginOptions,
  SetLogLevel,
} from './types.js'

export default Chat
