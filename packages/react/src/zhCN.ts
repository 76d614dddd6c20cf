import type { ChatTexts } from './messages.js'

/**
 * `@chatgate/react/zh-CN`: the kit's texts in Simplified Chinese, an entry of its own so
 * that only apps that show them ship them. Pass them with the locale, which formats dates:
 * `<ChatProvider locale="zh-CN" texts={zhCN}>`; change any of them by spreading,
 * `texts={{ ...zhCN, heading: '…' }}`. Plain data, with no `"use client"`: a Server
 * Component can import, spread and pass it.
 */
export const zhCN: ChatTexts = {
  heading: '登录聊天',
  continueTo: '以继续使用 {app}',
  userIDLabel: '用户 ID',
  logIn: '登录',
  loggingIn: '正在登录…',
  logInAgain: '重新登录',
  signOut: '退出登录',
  signingOut: '正在退出…',
  reconnecting: '无法连接聊天服务器，正在重试…',
  retry: '立即重试',
  userSigFailed: '无法登录',
  unreachable: '无法连接聊天服务器。请检查网络后重试。',
  invalidUserID: '用户 ID 须为 1–32 个字母、数字、下划线或连字符。',
  tooManyAttempts: '尝试次数过多，请一分钟后再试。',
  refused: '登录被拒绝。请重试；如仍失败，请联系客服。',
  kicked: {
    multipleAccount: {
      title: '账号已在其他页面登录',
      text: '您的账号在另一个网页上登录，本页面已下线。',
    },
    multipleDevice: {
      title: '账号已在其他设备登录',
      text: '您的账号在另一台设备上登录，本设备已下线。',
    },
    userSigExpired: {
      title: '登录已过期',
      text: '登录凭证已过期，请重新登录后继续。',
    },
    REST_API_Kick: {
      title: '已被管理员强制下线',
      text: '管理员已将您的账号下线，请重新登录后继续。',
    },
    sessionEnded: {
      title: '本设备已退出登录',
      text: '您在另一台设备上将本设备退出了登录，请重新登录后继续。',
    },
  },
  kickedByLogin: '您已在 {device} 上登录。',
  kickedByEnd: '已从 {device} 退出登录。',
  devices: '您的设备',
  thisDevice: '本设备',
  unknownDevice: '未知设备',
  signedIn: '登录于 {time}',
  lastSeen: '最近活动 {time}',
  signOutOthers: '退出所有其他设备',
  confirmSignOutOthers: '退出所有其他设备？',
  cancel: '取消',
  noOtherDevices: '没有其他设备。',
  loadingDevices: '正在加载设备…',
  devicesFailed: '无法更新设备列表。',
  platforms: {
    web: '网页',
    android: 'Android',
    iphone: 'iPhone',
    ipad: 'iPad',
    windows: 'Windows',
    macos: 'macOS',
    linux: 'Linux',
  },
  errors: {},
}
