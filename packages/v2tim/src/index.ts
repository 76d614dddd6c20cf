export {
  type LoginStatusValues,
  V2TIM_NATIVE_STATUS,
  V2TIM_STATUS_LOGINED,
  V2TIM_STATUS_LOGINING,
  V2TIM_STATUS_LOGOUT,
} from './loginStatus.js'
export { LogLevelEnum } from './logLevel.js'
export { TencentImSDKPlugin } from './tencentImSDKPlugin.js'
export type {
  ChatgateOptions,
  StringMap,
  V2TimCallback,
  V2TimSDKListener,
  V2TimUserFullInfo,
  V2TimUserStatus,
  V2TimValueCallback,
} from './types.js'
export { V2TIMManager } from './v2timManager.js'
