// Sizes are written as plain numbers: a bundler drops an unused `16 * 1024` only when it
// folds constants across modules, which it cannot do in the built single-file dist.

/** Largest frame the server accepts (16 KiB); larger ones close the socket with 1009. */
export const MAX_FRAME_BYTES = 16_384

/** Largest UserSig accepted before any decoding. */
export const MAX_USER_SIG_BYTES = 1024

/** Largest size a UserSig may inflate to (4 KiB); inflating stops there. */
export const MAX_USER_SIG_INFLATED_BYTES = 4_096

/** A socket that has not logged in by then is closed with LOGIN_TIMEOUT. */
export const LOGIN_DEADLINE_MS = 10_000

/** The WebSocket path of the login endpoint. */
export const WS_PATH = '/ws'
