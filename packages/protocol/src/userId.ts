/** A UserID is 1–32 bytes of `A-Z a-z 0-9 _ -` (ASCII only, so bytes equal characters). */
const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/

export const USER_ID_MAX_LENGTH = 32

export function isValidUserID(value: unknown): value is string {
  return typeof value === 'string' && USER_ID_PATTERN.test(value)
}
