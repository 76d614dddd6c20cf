// The admin REST API's bodies and answers, with Tencent Cloud Chat's field names.

/** The envelope every admin REST answer carries. */
export interface RestEnvelope {
  ActionStatus: 'OK' | 'FAIL'
  ErrorCode: number
  ErrorInfo: string
}

export interface KickRequestBody {
  UserID: string
}

export interface QueryOnlineStatusBody {
  To_Account: string[]
  /** Tencent's docs show both the number and the string. @default 0 */
  IsNeedDetail?: 0 | 1 | '0' | '1'
}

export type OnlineStatus = 'Online' | 'Offline'

export interface OnlineStatusResult {
  To_Account: string
  /** The field name of Tencent's Chinese docs. */
  Status: OnlineStatus
  /** The same value under the field name of Tencent's English docs. */
  State: OnlineStatus
  Detail?: { Platform: string; Status: 'Online' }[]
}

export interface QueryOnlineStatusResponse extends RestEnvelope {
  QueryResult: OnlineStatusResult[]
  ErrorList: { To_Account: string; ErrorCode: number }[]
}
