export { type FromTencentChatOptions, fromTencentChat } from './fromTencentChat.js'
export type { TencentChat, TencentEvent } from './tencentChat.js'
