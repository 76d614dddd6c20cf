/**
 * The members of a TencentCloudChat instance (`@tencentcloud/chat`) that the adapter uses,
 * written out structurally so that this package needs nothing of the real SDK at runtime,
 * not even its types. The real instance fits (test/surface.test.ts checks it against the
 * package's index.d.ts), and so does Chatgate's own `Chat`, which has the same API.
 */
export interface TencentChat {
  /** Resolves before SDK_READY; throws synchronously on missing arguments. */
  login(options: { userID: string; userSig: string }): Promise<unknown>
  /** Rejects 2024 when not logged in. */
  logout(): Promise<unknown>
  /** `logout().finally(release)`: rejects 2024 on an instance that never logged in. */
  destroy(): Promise<unknown>
  /** `''` when logged out. The real SDK declares `String`. */
  getLoginUser(): unknown
  isReady(): boolean
  on(eventName: string, handler: (event: TencentEvent) => void, context?: unknown): void
  off(eventName: string, handler: (event: TencentEvent) => void, context?: unknown): void
}

/** What a TencentCloudChat handler receives. */
export interface TencentEvent {
  name: string
  data?: unknown
}
