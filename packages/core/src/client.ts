import type { EventName, SessionInfo } from '@chatgate/protocol'
import type { ChatSnapshot } from './snapshot.js'
import type { ChatEventHandler, ChatResponse, LoginData, LoginOptions } from './types.js'

/**
 * What the React kit needs of a client, and nothing more. `Chat` implements it;
 * `@chatgate/tencent` puts it over a TencentCloudChat instance, so the kit runs on either.
 */
export interface ChatClient {
  /** For `useSyncExternalStore`: runs after every snapshot change. Returns an unsubscribe. */
  subscribe(listener: () => void): () => void
  /** The current immutable snapshot; a new object only when something in it changed. */
  getSnapshot(): ChatSnapshot
  /** Resolves after SDK_READY; single-flight for the same UserID; another UserID switches. */
  login(options: LoginOptions): Promise<ChatResponse<LoginData>>
  logout(): Promise<ChatResponse<Record<string, never>>>
  destroy(): Promise<ChatResponse<Record<string, never>>>
  /** The logged-in user's sessions on every node, this one marked `current`. */
  getSessions(): Promise<ChatResponse<{ sessions: SessionInfo[] }>>
  /** Ends one of the user's other sessions (kick type `sessionEnded`, `by` this one). */
  endSession(sessionID: string): Promise<ChatResponse<{ ended: number }>>
  /** Ends every session of the user but this one. */
  endOtherSessions(): Promise<ChatResponse<{ ended: number }>>
  on<N extends EventName>(name: N, handler: ChatEventHandler<N>, context?: unknown): void
  off<N extends EventName>(name: N, handler: ChatEventHandler<N>, context?: unknown): void
}
