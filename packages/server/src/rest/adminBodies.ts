import { ERROR_CODES, isValidUserID } from '@chatgate/protocol'
import type { KickRequestBody } from './adminTypes.js'
import { RestFailure } from './restFailure.js'

/** Most accounts one online-status query may ask about (Tencent's limit too). */
export const MAX_QUERY_ACCOUNTS = 500

export interface OnlineStatusQuery {
  /** Strings as sent; those that are not UserIDs are answered in `ErrorList`. */
  accounts: string[]
  withDetail: boolean
}

// Bodies are parsed JSON: any shape may arrive. Each reader looks only at own fields of a
// plain object and at primitive values, so nothing in a body (a `toString` that is not a
// function, a `__proto__` key) is ever called or inherited.

function fieldOf(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  return Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined
}

/** `{"UserID":"alice"}`; anything else fails with 90006. */
export function readKickBody(body: unknown): KickRequestBody {
  const userID = fieldOf(body, 'UserID')
  if (!isValidUserID(userID)) {
    throw new RestFailure(ERROR_CODES.USER_ID_INVALID, 'UserID must be a valid UserID.')
  }
  return { UserID: userID }
}

/** `{"To_Account":["a","b"],"IsNeedDetail":1}`; a wrong shape fails with 6017. */
export function readQueryBody(body: unknown): OnlineStatusQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RestFailure(ERROR_CODES.INVALID_PARAMETERS, 'The body must be a JSON object.')
  }
  const accounts = fieldOf(body, 'To_Account')
  if (
    !Array.isArray(accounts) ||
    accounts.length === 0 ||
    accounts.length > MAX_QUERY_ACCOUNTS ||
    !accounts.every((account) => typeof account === 'string')
  ) {
    throw new RestFailure(
      ERROR_CODES.INVALID_PARAMETERS,
      `To_Account must be an array of 1 to ${MAX_QUERY_ACCOUNTS} UserID strings.`,
    )
  }
  const detail = fieldOf(body, 'IsNeedDetail')
  if (detail !== undefined && detail !== 0 && detail !== 1 && detail !== '0' && detail !== '1') {
    throw new RestFailure(ERROR_CODES.INVALID_PARAMETERS, 'IsNeedDetail must be 0 or 1.')
  }
  return { accounts, withDetail: detail === 1 || detail === '1' }
}
