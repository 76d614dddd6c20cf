import { type SignOptions, signUserSig } from '../src/index.js'

export const APP = 1400000000
export const OTHER_APP = 1400000001
export const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e'
export const OTHER_KEY = 'a-different-secret-key-of-another-app'
/** A fixed clock (Unix seconds) so expiry checks are exact. */
export const NOW = 1_750_000_000

export function sign(overrides: Partial<SignOptions> = {}): string {
  return signUserSig({
    sdkAppID: APP,
    secretKey: KEY,
    userID: 'alice',
    expireSeconds: 3600,
    now: NOW,
    ...overrides,
  })
}
