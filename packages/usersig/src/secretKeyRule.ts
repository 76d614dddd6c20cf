/** Shortest secret key accepted: a shorter one would make every UserSig of the app guessable. */
export const MIN_SECRET_KEY_LENGTH = 8
/** Longest secret key accepted. */
export const MAX_SECRET_KEY_LENGTH = 256

/** What a secret key must be, in the words every refusal uses. */
export const SECRET_KEY_RULE = `${MIN_SECRET_KEY_LENGTH}–${MAX_SECRET_KEY_LENGTH} printable ASCII characters without spaces`

/**
 * Whether `key` is one the login server accepts for an app (and so one the CLI signs
 * with): 8–256 printable ASCII characters, no spaces.
 */
export function isUsableSecretKey(key: string): boolean {
  return (
    key.length >= MIN_SECRET_KEY_LENGTH &&
    key.length <= MAX_SECRET_KEY_LENGTH &&
    /^[\x21-\x7e]+$/.test(key)
  )
}
