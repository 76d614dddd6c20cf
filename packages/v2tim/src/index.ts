export { LogLevelEnum } from './logLevel.js'
export { TencentImSDKPlugin } from './tencentImSDKPlugin.js'
export type {
  ChatgateOptions,
  V2TimCallback,
  V2TimSDKListener,
  V2TimValueCallback,
} from './types.js'
export { V2TIMManager } from './v2timManager.js'
