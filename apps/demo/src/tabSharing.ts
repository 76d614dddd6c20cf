import { Chat, type ChatClient, type ChatOptions } from '@chatgate/core'
import { shareChat } from '@chatgate/tabs'

/** The demo's client: what `ChatProvider options` makes, made here because the demo needs it first. */
export type DemoClient = ChatClient & { isLeader?: () => boolean }

/** Whether the tabs of this browser share one session: on unless the page says `?shareTabs=0`. */
export function shareTabsFromUrl(search: string): boolean {
  return new URLSearchParams(search).get('shareTabs') !== '0'
}

/** The same page with tab sharing turned the other way, other settings kept. */
export function toggledShareTabsUrl(search: string, shareTabs: boolean): string {
  const params = new URLSearchParams(search)
  if (shareTabs) params.set('shareTabs', '0')
  else params.delete('shareTabs')
  const query = params.toString()
  return query ? `?${query}` : '?'
}

/**
 * One login and one connection for every tab of this browser (`shareChat`, as
 * `ChatProvider options` does by default), or this tab's own instance (`new Chat`, as
 * `shareTabs={false}` and TencentCloudChat do), where a second tab logging in the same
 * user signs the first out.
 */
export function createDemoClient(options: ChatOptions, shareTabs: boolean): DemoClient {
  return shareTabs ? shareChat(options) : new Chat(options)
}
