export { ChatError } from './chatError.js'
export {
  CLIENT_DESTROYED,
  CLIENT_USER_SIG_EXPIRED,
  type ClientErrorCode,
  INVALID_PARAMETERS,
  NETWORK_ERROR,
  NOT_LOGGED_IN,
  NOT_READY_KICKED_MULTIPLE_ACCOUNT,
  NOT_READY_KICKED_MULTIPLE_DEVICE,
  NOT_READY_KICKED_REST_API,
  NOT_READY_LOGGED_OUT,
  NOT_READY_LOGGING_IN,
  NOT_READY_LOGIN_FAILED,
  NOT_READY_SESSION_ENDED,
  NOT_READY_USER_SIG_EXPIRED,
  REQUEST_TIMEOUT,
  SDK_APP_ID_MISSING,
  USER_ID_INVALID,
  USER_ID_MISSING,
  USER_SIG_MISSING,
} from './clientCodes.js'
export { CLIENT_MESSAGES_EN, clientError } from './clientErrors.js'
export { CLIENT_MESSAGES_ZH, clientMessage, type Locale } from './clientMessages.js'
export {
  CLOSE_CODES,
  type CloseAction,
  type CloseCode,
  closeAction,
  refusalAction,
} from './closeCodes.js'
export {
  chatError,
  chineseMessage,
  ERROR_CODES,
  type ErrorCode,
  type ErrorCodeName,
  englishMessage,
  errorMessage,
  isErrorCode,
} from './codes.js'
export { isValidDevice, type KickedBy, MAX_DEVICE_LENGTH } from './device.js'
export {
  EVENT,
  type EventName,
  LOGIN_STATUS,
  type LoginStatus,
  type LogLevel,
  NET_STATES,
  type NetState,
} from './events.js'
export {
  isKickType,
  KICK_TYPE_VALUES,
  KICK_TYPES,
  type KickType,
  notReadyCodeForKick,
} from './kickTypes.js'
export {
  LOGIN_DEADLINE_MS,
  MAX_FRAME_BYTES,
  MAX_USER_SIG_BYTES,
  MAX_USER_SIG_INFLATED_BYTES,
  WS_PATH,
} from './limits.js'
export type {
  ClientMessage,
  ClientOp,
  EndOtherSessionsRequest,
  EndSessionRequest,
  ErrorReply,
  GetSessionsRequest,
  KickedNotice,
  LoggedOutReply,
  LoginRequest,
  LogoutRequest,
  PingRequest,
  PongReply,
  ReadyReply,
  RenewedReply,
  RenewRequest,
  ServerMessage,
  ServerOp,
  SessionInfo,
  SessionsEndedReply,
  SessionsReply,
} from './messages.js'
export {
  DEFAULT_MAX_INSTANCES,
  isPlatform,
  maxInstancesLimit,
  PLATFORM_CATEGORY,
  PLATFORMS,
  type Platform,
  type PlatformCategory,
  REST_PLATFORM_NAME,
} from './platforms.js'
export { isLoginPolicy, LOGIN_POLICIES, type LoginPolicy } from './policies.js'
export { isValidUserID, USER_ID_MAX_LENGTH } from './userId.js'
export { type Parsed, parseClientMessage, parseServerMessage } from './validate.js'
