import type { LoginStatus } from '@chatgate/core'

/*
 * `getLoginStatus()` values. Two numberings of the same three statuses are in use: the
 * React Native documentation's 0 / 1 / 2, which is the default here, and the native SDKs'
 * 1 / 2 / 3 (the Flutter documentation's too), which react-native-tim-js passes through from
 * them and `initSDK`'s `loginStatusValues: 'native'` selects.
 */

/** Logged in, as the React Native documentation numbers it (the default). */
export const V2TIM_STATUS_LOGINED = 0
/** Logging in, as the React Native documentation numbers it (the default). */
export const V2TIM_STATUS_LOGINING = 1
/** Logged out, as the React Native documentation numbers it (the default). */
export const V2TIM_STATUS_LOGOUT = 2

/** The statuses as the native SDKs number them: with `loginStatusValues: 'native'`. */
export const V2TIM_NATIVE_STATUS = {
  V2TIM_STATUS_LOGINED: 1,
  V2TIM_STATUS_LOGINING: 2,
  V2TIM_STATUS_LOGOUT: 3,
} as const

/** Which numbering `getLoginStatus()` answers in. */
export type LoginStatusValues = 'documented' | 'native'

/** Core's status (the native numbering) in the numbering asked for. */
export const toV2TimStatus = (status: LoginStatus, values: LoginStatusValues): number =>
  values === 'native' ? status : status - 1
