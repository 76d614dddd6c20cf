import { BroadcastChannel } from 'node:worker_threads'
import type { ChannelLike, SharedChatOptions } from '@chatgate/tabs'
import { FakeLocks } from '../../tabs/test/helpers/fakeLocks.js'
import type { LiveServer } from './liveServer.js'

export type TabOptions = ReturnType<LiveServer['options']> & SharedChatOptions

let browsers = 0

/**
 * One browser profile for the kit's tests in jsdom, where each provider rendered is a tab:
 * Web Locks faked (the tabs package's `FakeLocks`), Node's own BroadcastChannel, sockets to
 * the real server counted per tab. Each profile's channels are its own, so tabs of an
 * earlier test never meet this one's.
 */
export function sharedBrowser(live: LiveServer) {
  const locks = new FakeLocks()
  const profile = `profile${++browsers}`
  let tabs = 0
  return {
    locks,
    /** The `options` of one tab's `ChatProvider`. */
    tabOptions(): TabOptions {
      const openChannel = (name: string) =>
        new BroadcastChannel(`${profile}:${name}`) as unknown as ChannelLike
      return {
        ...live.options(),
        tabs: { locks: locks.forTab(`${profile}.tab${++tabs}`), openChannel },
      }
    },
  }
}
