/** Largest frame the server accepts; larger ones close the socket with 1009. */
export const MAX_FRAME_BYTES = 16 * 1024

/** Largest UserSig accepted before any decoding. */
export const MAX_USER_SIG_BYTES = 1024

/** Largest size a UserSig may inflate to; inflating stops there. */
export const MAX_USER_SIG_INFLATED_BYTES = 4 * 1024

/** A socket that has not logged in by then is closed with LOGIN_TIMEOUT. */
export const LOGIN_DEADLINE_MS = 10_000

/** The WebSocket path of the login endpoint. */
export const WS_PATH = '/ws'
