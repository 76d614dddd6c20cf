import type { LogLevel } from '@chatgate/core'

/**
 * react-native-tim-js's log levels. A TypeScript enum, as the plugin's is, so code written
 * for it keeps working: `LogLevelEnum[level]` names a level, `LogLevelEnum.V2TIM_LOG_WARN`
 * is a type too.
 */
export enum LogLevelEnum {
  V2TIM_LOG_NONE = 0,
  V2TIM_LOG_DEBUG = 3,
  V2TIM_LOG_INFO = 4,
  V2TIM_LOG_WARN = 5,
  V2TIM_LOG_ERROR = 6,
}

/** The same level on core's (TencentCloudChat's) scale: 0 all … 4 none. Others: warnings. */
export function toChatLogLevel(level: number | undefined): LogLevel {
  return level === 0 ? 4 : level! >= 3 && level! <= 6 ? ((level! - 3) as LogLevel) : 2
}
