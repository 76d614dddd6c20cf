import { ConfigError } from '../config.js'
import type { Logger } from '../logger.js'
import { isLoopbackHost } from './loopback.js'

export interface DevEndpointSettings {
  usersigEndpoint: boolean
  allowNonLoopback: boolean
}

/**
 * Called before the server starts: the dev UserSig endpoint hands out logins for any user,
 * so it only runs where nothing but this machine can reach it (a loopback host), unless
 * the config says `dev.allowNonLoopback: true` explicitly; then a loud warning says so.
 * Throws `ConfigError` otherwise.
 */
export function checkDevEndpointHost(host: string, dev: DevEndpointSettings, logger: Logger): void {
  if (!dev.usersigEndpoint) return
  if (isLoopbackHost(host)) {
    logger.warn('dev_usersig_endpoint_enabled', {
      message:
        'POST /dev/usersig signs a UserSig for anyone on this machine who asks: for development only.',
    })
    return
  }
  if (!dev.allowNonLoopback) {
    throw new ConfigError(
      'dev.usersigEndpoint',
      `is on while host is ${host}, which is not a loopback address: anyone who reaches it could log in as any user. Use host 127.0.0.1, or set dev.allowNonLoopback to true if you really mean it.`,
    )
  }
  logger.warn('dev_usersig_endpoint_public', {
    message: `WARNING: POST /dev/usersig is served on ${host}, beyond this machine: anyone who reaches it can log in as any user of every app. Never do this in production.`,
  })
}
