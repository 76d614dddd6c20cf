/**
 * Which platforms of one user may be online together.
 * - `single`: one platform at a time.
 * - `mobile-or-desktop+web`: web plus one other platform.
 * - `mobile+desktop+web`: web, one mobile and one desktop platform.
 * - `all`: every platform at once.
 * Instances per platform are bounded separately by `maxInstances`.
 */
export const LOGIN_POLICIES = [
  'single',
  'mobile-or-desktop+web',
  'mobile+desktop+web',
  'all',
] as const

export type LoginPolicy = (typeof LOGIN_POLICIES)[number]

export function isLoginPolicy(value: unknown): value is LoginPolicy {
  return LOGIN_POLICIES.includes(value as LoginPolicy)
}
