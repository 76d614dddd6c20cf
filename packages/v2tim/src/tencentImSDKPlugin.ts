import { V2TIMManager } from './v2timManager.js'

/**
 * The plugin's entry, used as react-native-tim-js's is: `TencentImSDKPlugin.v2TIMManager`,
 * the app's one manager. (An object rather than the plugin's class of one static field:
 * the same for every caller.)
 */
export const TencentImSDKPlugin = {
  v2TIMManager: /* @__PURE__ */ new V2TIMManager(),
}
