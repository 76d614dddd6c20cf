/** Event names, with TencentCloudChat's string values. */
export const EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  KICKED_OUT: 'kickedOut',
  NET_STATE_CHANGE: 'netStateChange',
  ERROR: 'error',
  SDK_DESTROY: 'sdkDestroy',
  /** Chatgate's own: the UserSig runs out soon and was not renewed yet. */
  USER_SIG_EXPIRING: 'userSigExpiring',
} as const

export type EventName = (typeof EVENT)[keyof typeof EVENT]

export const NET_STATES = {
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
} as const

export type NetState = (typeof NET_STATES)[keyof typeof NET_STATES]

/** V2TIM login status values. */
export const LOGIN_STATUS = {
  LOGINED: 1,
  LOGINING: 2,
  LOGOUT: 3,
} as const

export type LoginStatus = (typeof LOGIN_STATUS)[keyof typeof LOGIN_STATUS]

/** setLogLevel values: 0 all, 1 release, 2 warn, 3 error, 4 none. */
export type LogLevel = 0 | 1 | 2 | 3 | 4
