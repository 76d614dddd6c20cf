import { expect, test } from 'vitest'
import { LogLevelEnum } from '../src/index.js'
import { toChatLogLevel } from '../src/logLevel.js'

test('the plugin’s log levels map to core’s: none, debug, info, warn, error; default warn', () => {
  expect(
    [
      LogLevelEnum.V2TIM_LOG_NONE,
      LogLevelEnum.V2TIM_LOG_DEBUG,
      LogLevelEnum.V2TIM_LOG_INFO,
      LogLevelEnum.V2TIM_LOG_WARN,
      LogLevelEnum.V2TIM_LOG_ERROR,
    ].map(toChatLogLevel),
  ).toEqual([4, 0, 1, 2, 3])
  expect(toChatLogLevel(undefined)).toBe(2)
  expect(toChatLogLevel(42)).toBe(2)
})

test('LogLevelEnum is an enum, as the plugin’s: a level’s name by its value', () => {
  expect(LogLevelEnum[LogLevelEnum.V2TIM_LOG_WARN]).toBe('V2TIM_LOG_WARN')
  expect(LogLevelEnum[0]).toBe('V2TIM_LOG_NONE')
  expect(LogLevelEnum[6]).toBe('V2TIM_LOG_ERROR')
})
