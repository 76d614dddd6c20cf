import type { Platform } from '@chatgate/core'

/** What React Native's `Platform` says of the device (`OS`, and `isPad` on iOS). */
export interface ReactNativePlatform {
  OS: string
  isPad?: boolean
}

/**
 * The platform the login server counts a React Native app as: the device's own, as the
 * native SDKs under react-native-tim-js log in. iOS is `iphone`, or `ipad` on an iPad;
 * react-native-windows and -macos are desktops; anything else (react-native-web) is `web`.
 */
export function devicePlatform({ OS, isPad }: ReactNativePlatform): Platform {
  if (OS === 'ios') return isPad ? 'ipad' : 'iphone'
  return OS === 'android' || OS === 'windows' || OS === 'macos' ? OS : 'web'
}
