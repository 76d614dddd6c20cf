/**
 * The `react-native` export condition's entry (Metro picks it): the same API as the web
 * entry, but the manager logs in as the device's own platform, read from React Native's
 * `Platform`, unless `initSDK`'s options name one. The web entry stays `web`.
 */
import type { Platform as ChatPlatform } from '@chatgate/core'
import { Platform } from 'react-native'
import { devicePlatform } from './devicePlatform.js'
import { V2TIMManager as WebV2TIMManager } from './v2timManager.js'

export * from './index.js'

export class V2TIMManager extends WebV2TIMManager {
  protected override defaultPlatform(): ChatPlatform {
    return devicePlatform(Platform)
  }
}

/** The plugin's entry, as in the web entry, with the device's platform. */
export const TencentImSDKPlugin = {
  v2TIMManager: /* @__PURE__ */ new V2TIMManager(),
}
