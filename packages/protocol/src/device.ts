import type { Platform } from './platforms.js'

/** The longest device label a login may carry, in UTF-16 code units. */
export const MAX_DEVICE_LENGTH = 64

// C0/C1 controls, and the bidirectional overrides and isolates that can make a label read
// as something else in another user's list ("Chrome" shown right-to-left, say). Unpaired
// surrogates are not text at all: with the `u` flag a lone one is a code point of
// category Cs, while a valid pair is one code point of another category.
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u

/**
 * A device label as a login names it ("Chrome on macOS", "Alice's iPhone"): a short
 * non-empty text a person can read, shown back to the same user in their session list and
 * in the kick notice of their other sessions. Bounded, and without control or direction
 * characters, and without spaces around it.
 */
export function isValidDevice(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_DEVICE_LENGTH &&
    value.trim() === value &&
    !UNSAFE_CHARACTERS.test(value)
  )
}

/** Who caused a kick: the user's other session, as its login named it. */
export interface KickedBy {
  platform: Platform
  device: string
}
