export type { SharedChat, SharedChatOptions } from './shareChat.js'
export { shareChat } from './shareChat.js'
export type { ChannelLike, LockManagerLike, TabEnvironment } from './tabEnvironment.js'
