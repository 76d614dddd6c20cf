import type { ChatError } from './chatError.js'
import { chatError, ERROR_CODES } from './codes.js'
import { isValidDevice } from './device.js'
import { isKickType } from './kickTypes.js'
import { MAX_FRAME_BYTES, MAX_USER_SIG_BYTES } from './limits.js'
import type { ClientMessage, ServerMessage } from './messages.js'
import { isPlatform } from './platforms.js'
import { isValidUserID } from './userId.js'

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: ChatError }

type Fields = Record<string, unknown>

const fail = (code: Parameters<typeof chatError>[0], message?: string): Parsed<never> => ({
  ok: false,
  error: chatError(code, message),
})

const isSeq = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0

/** A session's resume token or public sessionID: short opaque text. */
const isSessionToken = (value: unknown): value is string =>
  isNonEmptyString(value) && value.length <= 64

/** Parses JSON text into an object with a string `op`, or explains why it is not one. */
function parseObject(text: string): Parsed<Fields & { op: string }> {
  // Length in UTF-16 units is a lower bound of the byte length, so this check is safe.
  if (text.length > MAX_FRAME_BYTES) return fail(ERROR_CODES.FRAME_TOO_LARGE)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return fail(ERROR_CODES.INVALID_JSON)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(ERROR_CODES.INVALID_FRAME, 'A message must be a JSON object.')
  }
  const fields = value as Fields
  if (typeof fields.op !== 'string') {
    return fail(ERROR_CODES.INVALID_FRAME, 'A message needs a string "op".')
  }
  return { ok: true, message: fields as Fields & { op: string } }
}

/** Checks a UserSig field for presence and size only; its content is for the verifier. */
function userSigError(value: unknown): Parsed<never> | undefined {
  if (value === undefined || value === null || value === '') return fail(ERROR_CODES.USER_SIG_EMPTY)
  if (typeof value !== 'string') return fail(ERROR_CODES.USER_SIG_MALFORMED)
  if (value.length > MAX_USER_SIG_BYTES) {
    return fail(ERROR_CODES.USER_SIG_MALFORMED, 'The UserSig is longer than 1 KiB.')
  }
  return undefined
}

function parseLogin(f: Fields, seq: number): Parsed<ClientMessage> {
  if (f.sdkAppID === undefined) return fail(ERROR_CODES.SDK_APP_ID_MISSING)
  if (typeof f.sdkAppID !== 'number' || !Number.isSafeInteger(f.sdkAppID) || f.sdkAppID <= 0) {
    return fail(ERROR_CODES.INVALID_PARAMETERS, 'sdkAppID must be a positive integer.')
  }
  if (f.userID === undefined || f.userID === '') return fail(ERROR_CODES.USER_ID_MISSING)
  if (!isValidUserID(f.userID)) return fail(ERROR_CODES.USER_ID_INVALID)
  const sigError = userSigError(f.userSig)
  if (sigError) return sigError
  if (!isPlatform(f.platform)) {
    return fail(ERROR_CODES.INVALID_PARAMETERS, 'platform is not a known platform.')
  }
  if (f.resume !== undefined && !isSessionToken(f.resume)) {
    return fail(ERROR_CODES.INVALID_PARAMETERS, 'resume must be a session id.')
  }
  if (f.device !== undefined && !isValidDevice(f.device)) {
    return fail(
      ERROR_CODES.INVALID_PARAMETERS,
      'device must be 1–64 characters of text, without control characters.',
    )
  }
  const message: ClientMessage = {
    op: 'login',
    seq,
    sdkAppID: f.sdkAppID,
    userID: f.userID,
    userSig: f.userSig as string,
    platform: f.platform,
  }
  if (f.resume !== undefined) message.resume = f.resume as string
  if (f.device !== undefined) message.device = f.device as string
  return { ok: true, message }
}

/**
 * Validates a frame sent by a client. Never throws: anything malformed yields
 * `{ ok: false, error: { code, message } }`. Unknown extra fields are dropped.
 */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  const parsed = parseObject(text)
  if (!parsed.ok) return parsed
  const f = parsed.message
  if (!isSeq(f.seq)) return fail(ERROR_CODES.INVALID_FRAME, 'A request needs a "seq" integer.')
  const seq = f.seq
  switch (f.op) {
    case 'login':
      return parseLogin(f, seq)
    case 'renew': {
      const sigError = userSigError(f.userSig)
      if (sigError) return sigError
      return { ok: true, message: { op: 'renew', seq, userSig: f.userSig as string } }
    }
    case 'logout':
    case 'ping':
    case 'getSessions':
    case 'endOtherSessions':
      return { ok: true, message: { op: f.op, seq } }
    case 'endSession':
      if (!isSessionToken(f.sessionID)) {
        return fail(ERROR_CODES.INVALID_PARAMETERS, 'sessionID must be a session ID.')
      }
      return { ok: true, message: { op: 'endSession', seq, sessionID: f.sessionID } }
    default:
      return fail(ERROR_CODES.UNKNOWN_OPERATION, `Unknown operation "${f.op.slice(0, 32)}".`)
  }
}

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function isKickedBy(value: unknown): boolean {
  return isFields(value) && isPlatform(value.platform) && typeof value.device === 'string'
}

function isSessionInfo(value: unknown): boolean {
  return (
    isFields(value) &&
    isSessionToken(value.sessionID) &&
    isPlatform(value.platform) &&
    typeof value.device === 'string' &&
    typeof value.loginTime === 'number' &&
    typeof value.lastActiveTime === 'number' &&
    typeof value.address === 'string' &&
    typeof value.current === 'boolean'
  )
}

function isValidServerMessage(f: Fields & { op: string }): boolean {
  switch (f.op) {
    case 'ready':
      return (
        isSeq(f.seq) &&
        isNonEmptyString(f.sessionId) &&
        isValidUserID(f.userID) &&
        typeof f.expiresAt === 'number' &&
        typeof f.resumed === 'boolean'
      )
    case 'renewed':
      return isSeq(f.seq) && typeof f.expiresAt === 'number'
    case 'loggedOut':
    case 'pong':
      return isSeq(f.seq)
    case 'sessions':
      return isSeq(f.seq) && Array.isArray(f.sessions) && f.sessions.every(isSessionInfo)
    case 'sessionsEnded':
      return isSeq(f.seq) && Number.isSafeInteger(f.ended) && (f.ended as number) >= 0
    case 'kicked':
      return isKickType(f.type) && (f.by === undefined || isKickedBy(f.by))
    case 'error':
      return (
        typeof f.code === 'number' &&
        typeof f.message === 'string' &&
        (f.seq === undefined || isSeq(f.seq))
      )
    default:
      return false
  }
}

/**
 * Validates a frame sent by the server, for tools and tests that check a server's output.
 * Chatgate's own client does not run it: it trusts its server's frames to keep its bundle
 * small (see packages/core/README.md). Never throws.
 */
export function parseServerMessage(text: string): Parsed<ServerMessage> {
  const parsed = parseObject(text)
  if (!parsed.ok) return parsed
  if (!isValidServerMessage(parsed.message)) return fail(ERROR_CODES.INVALID_FRAME)
  return { ok: true, message: parsed.message as unknown as ServerMessage }
}
