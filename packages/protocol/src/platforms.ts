/**
 * Client platforms. Browsers, mini programs and React Native apps on the Web SDK all count
 * as `web`, as they do in Tencent Cloud Chat; a React Native app on the native SDKs
 * (react-native-tim-js, and `@chatgate/v2tim`'s `react-native` entry) counts as its device.
 */
export const PLATFORMS = ['web', 'android', 'iphone', 'ipad', 'windows', 'macos', 'linux'] as const

export type Platform = (typeof PLATFORMS)[number]

export type PlatformCategory = 'web' | 'mobile' | 'desktop'

export const PLATFORM_CATEGORY: Record<Platform, PlatformCategory> = {
  web: 'web',
  android: 'mobile',
  iphone: 'mobile',
  ipad: 'mobile',
  windows: 'desktop',
  macos: 'desktop',
  linux: 'desktop',
}

/** The `Platform` names the admin REST online-status query reports. */
export const REST_PLATFORM_NAME: Record<Platform, string> = {
  web: 'Web',
  android: 'Android',
  iphone: 'iPhone',
  ipad: 'iPad',
  windows: 'Windows',
  macos: 'Mac',
  linux: 'Linux',
}

/** Upper bound of `maxInstances[platform]`: 10 for web, 3 for every other platform. */
export function maxInstancesLimit(platform: Platform): number {
  return platform === 'web' ? 10 : 3
}

export const DEFAULT_MAX_INSTANCES = 1

export function isPlatform(value: unknown): value is Platform {
  return PLATFORMS.includes(value as Platform)
}
