import { isValidUserID } from '@chatgate/protocol'

/**
 * The example's chat settings, read from the environment on the server at request time.
 * Only `SDKAppID` and `url` ever reach the browser; the secret key stays in this process.
 */
export interface ChatServerConfig {
  /** `CHATGATE_SDKAPPID`: the app on the login server. */
  SDKAppID: number
  /** `CHATGATE_URL`: the login server's WebSocket URL, e.g. `wss://chat.example.com/ws`. */
  url: string
  /** `CHATGATE_SECRET_KEY`: signs UserSigs; the login server holds the same key. */
  secretKey: string
  /** `CHATGATE_ADMIN`: the app's admin identifier, which this app never signs for. */
  admin: string
  /** `APP_SESSION_SECRET`: signs the app's own session cookie (stands in for your sign-in). */
  sessionSecret: string
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: see apps/next/README.md.`)
  return value
}

export function chatServerConfig(): ChatServerConfig {
  const SDKAppID = Number(required('CHATGATE_SDKAPPID'))
  if (!Number.isInteger(SDKAppID) || SDKAppID <= 0) {
    throw new Error('CHATGATE_SDKAPPID must be a positive integer.')
  }
  const admin = process.env.CHATGATE_ADMIN || 'administrator'
  if (!isValidUserID(admin)) throw new Error('CHATGATE_ADMIN must be a valid UserID.')
  return {
    SDKAppID,
    url: required('CHATGATE_URL'),
    secretKey: required('CHATGATE_SECRET_KEY'),
    admin,
    sessionSecret: required('APP_SESSION_SECRET'),
  }
}
