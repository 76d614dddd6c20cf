import { Redis } from 'ioredis'
import { RegistryUnavailableError } from '../types.js'
import { describeRedisFailure, redisFailureReason } from './failureReason.js'
import type { RedisScript } from './scripts.js'

/** How long start-up waits for Redis to answer before it gives up (`timeout`). */
const START_TIMEOUT_MS = 10_000

/**
 * Opens a command connection that fails fast instead of queueing: while Redis is down a
 * login must be refused at once (code 90005), not admitted later or left hanging.
 * ioredis keeps reconnecting in the background. Start-up fails at the first error (a
 * wrong or missing password, nothing listening, an unknown host, a database Redis does
 * not have) or when Redis does not answer within 10 s, naming why: ioredis says why only
 * in an 'error' event, its `connect()` merely rejects with "Connection is closed.".
 */
export async function connectRedis(url: string, commandTimeoutMs: number): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(commandTimeoutMs, 1000),
    retryStrategy: (attempt) => Math.min(50 * attempt, 500),
  })
  // Without a listener ioredis prints every failed reconnect; failures surface as
  // rejected commands and as the registry's health changes instead.
  redis.on('error', () => {})
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`No answer within ${START_TIMEOUT_MS / 1000} s; timed out.`)),
      START_TIMEOUT_MS,
    )
    const done = () => {
      clearTimeout(timer)
      redis.off('ready', succeed)
      redis.off('error', failUnlessSlow)
    }
    function succeed() {
      done()
      resolve()
    }
    function fail(error: unknown) {
      done()
      reject(error)
    }
    // A slow answer (Redis busy or paused) may still come: the deadline decides.
    function failUnlessSlow(error: unknown) {
      if (redisFailureReason(error) !== 'timeout') fail(error)
    }
    redis.once('ready', succeed)
    redis.on('error', failUnlessSlow)
  })
  redis.connect().catch(() => {})
  try {
    await ready
  } catch (error) {
    redis.disconnect()
    throw unavailable(error)
  }
  return redis
}

// Replies Redis gives while it cannot serve (loading a dump, failing over, busy script).
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/

function unavailable(error: unknown): RegistryUnavailableError {
  return new RegistryUnavailableError(describeRedisFailure(error), { cause: error })
}

/**
 * Maps a failed Redis call: connection loss, timeouts and transient replies become a
 * `RegistryUnavailableError`; anything else (a bug) is rethrown as it is.
 */
export function asRegistryError(error: unknown): unknown {
  if (error instanceof RegistryUnavailableError) return error
  if (
    error instanceof Error &&
    error.name === 'ReplyError' &&
    !TRANSIENT_REPLY.test(error.message)
  ) {
    return error
  }
  return unavailable(error)
}

/** Runs a script by its SHA1, loading it again if Redis lost it (restart, SCRIPT FLUSH). */
export async function runScript(
  redis: Redis,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args)
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error
    return await redis.eval(script.lua, keys.length, ...keys, ...args)
  }
}

/** Closes a connection politely, or at once if Redis does not answer. */
export async function quit(redis: Redis): Promise<void> {
  try {
    await redis.quit()
  } catch {
    redis.disconnect()
  }
}
