import type { RegistryDownReason } from '../types.js'

/** What an operator reads for each reason; the store's own words follow it. */
const EXPLANATIONS: Record<RegistryDownReason, string> = {
  auth_failed: 'Redis refused the password of the URL',
  no_password: 'Redis requires a password and the URL has none',
  refused: 'nothing accepts connections at the address of the URL',
  unknown_host: 'the host of the URL does not resolve',
  timeout: 'Redis does not answer in time',
  closed: 'the connection to Redis was closed',
  database: 'Redis has no database of the index the URL names',
  error: 'Redis answered with an error',
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Why a Redis connection or command failed, from ioredis's error (its code or its reply). */
export function redisFailureReason(error: unknown): RegistryDownReason {
  const code = (error as { code?: unknown } | null)?.code
  const message = messageOf(error)
  if (/^WRONGPASS|invalid password/i.test(message)) return 'auth_failed'
  if (/^NOAUTH/.test(message)) return 'no_password'
  if (/DB index is out of range|invalid DB index/i.test(message)) return 'database'
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'unknown_host'
  if (code === 'ETIMEDOUT' || /timed out/i.test(message)) return 'timeout'
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection is closed|Stream isn't writeable/i.test(message)
  ) {
    return 'closed'
  }
  return 'error'
}

/** `Redis is unreachable: Redis refused the password of the URL (auth_failed): WRONGPASS …` */
export function describeRedisFailure(error: unknown): string {
  const reason = redisFailureReason(error)
  return `Redis is unreachable: ${EXPLANATIONS[reason]} (${reason}): ${messageOf(error)}`
}
