import { ERROR_CODES, isValidUserID } from '@chatgate/protocol'
import { invalidOption, UserSigError } from './errors.js'

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

export function checkAppID(sdkAppID: unknown): asserts sdkAppID is number {
  if (!Number.isSafeInteger(sdkAppID) || (sdkAppID as number) <= 0) {
    throw invalidOption('sdkAppID must be a positive integer.')
  }
}

export function checkSecretKey(secretKey: unknown): asserts secretKey is string {
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw invalidOption('secretKey must be a non-empty string.')
  }
}

export function checkUserID(userID: unknown): asserts userID is string {
  if (!isValidUserID(userID)) {
    throw new UserSigError(ERROR_CODES.USER_ID_INVALID, `Got ${JSON.stringify(userID)}.`)
  }
}

export function checkWholeSeconds(name: string, value: unknown): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw invalidOption(`${name} must be a whole number of seconds ≥ 0.`)
  }
}
