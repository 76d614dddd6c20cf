import type { SessionRecord } from '../policy/types.js'
import type { NoticeMessage } from './redisRecords.js'
import type { UserChange } from './redisUserStore.js'
import type { OwnerNotice } from './types.js'

interface Owned {
  session: SessionRecord
  /** User version of the last change this node saw for the session. */
  version: number
}

const keyOf = (s: { sdkAppID: number; userID: string; sessionId: string }) =>
  `${s.sdkAppID}:${s.userID}:${s.sessionId}`

/**
 * This node's own view of the sessions it serves (connected or in grace). It lets the
 * node repair Redis without help from the server: re-register sessions after Redis lost
 * its data, learn kicks whose notices were lost while disconnected, and release sessions
 * Redis still lists for it that it no longer serves.
 */
export class RedisOwnedSessions {
  private readonly entries = new Map<string, Owned>()

  constructor(private readonly nodeId: string) {}

  has(sdkAppID: number, userID: string, sessionId: string): boolean {
    return this.entries.has(keyOf({ sdkAppID, userID, sessionId }))
  }

  list(): SessionRecord[] {
    return [...this.entries.values()].map((owned) => owned.session)
  }

  forget(sdkAppID: number, userID: string, sessionId: string): void {
    this.entries.delete(keyOf({ sdkAppID, userID, sessionId }))
  }

  /** Follows a committed change; returns the notices this node must deliver itself. */
  applyCommitted(changes: readonly UserChange[], version: number): OwnerNotice[] {
    const notices: OwnerNotice[] = []
    for (const change of changes) {
      switch (change.kind) {
        case 'put':
          if (change.session.nodeId === this.nodeId) {
            this.entries.set(keyOf(change.session), { session: change.session, version })
          }
          break
        case 'unindex':
        case 'remove':
          if (change.session.nodeId === this.nodeId) this.entries.delete(keyOf(change.session))
          break
        case 'tombstone':
          break
        case 'notify':
          if (change.nodeId === this.nodeId) {
            this.forgetFor(change.notice)
            notices.push(change.notice)
          }
          break
        default:
          change satisfies never
      }
    }
    return notices
  }

  /**
   * Follows a notice from another node. Returns false for a stale one: the session changed
   * here after the notice's change (e.g. it was claimed back), so it no longer applies.
   */
  acceptRemote(message: NoticeMessage): boolean {
    const owned = this.entries.get(keyOf(message.notice.session))
    if (owned && owned.version > message.version) return false
    const { notice } = message
    if (notice.kind === 'takeover' && notice.nodeId === this.nodeId) {
      // Claimed for this node by another one: this node serves it again.
      const session = { ...notice.session, nodeId: notice.nodeId }
      this.entries.set(keyOf(session), { session, version: message.version })
    } else {
      this.forgetFor(notice)
    }
    return true
  }

  /** A kick ends the session; a takeover moves it away unless it moved to this node. */
  forgetFor(notice: OwnerNotice): void {
    if (notice.kind === 'takeover' && notice.nodeId === this.nodeId) return
    this.entries.delete(keyOf(notice.session))
  }
}
