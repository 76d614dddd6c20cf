import type * as v from 'valibot'
import { parseWith } from './config/configError.js'
import { serverConfigSchema } from './config/serverConfigSchema.js'

export { ConfigError } from './config/configError.js'
export { MIN_SECRET_KEY_LENGTH } from './config/secretKey.js'
export {
  DEFAULT_HOST,
  DEFAULT_LIMITS,
  DEFAULT_POLICY,
  DEFAULT_PORT,
  DEFAULT_SESSION_GRACE_SECONDS,
  DEFAULT_SHUTDOWN,
  DEFAULT_TOMBSTONE_SECONDS,
} from './config/serverConfigSchema.js'

/** The config file's shape (JSON); every field but `apps` may be left out. */
export type ServerConfigInput = v.InferInput<typeof serverConfigSchema>
/** The config after validation, with every default filled in and secret keys resolved. */
export type ServerConfig = v.InferOutput<typeof serverConfigSchema>
export type AppConfigInput = ServerConfigInput['apps'][number]
export type AppConfig = ServerConfig['apps'][number]
export type RegistryConfigInput = NonNullable<ServerConfigInput['registry']>
export type RegistryConfig = ServerConfig['registry']
export type LimitsConfig = ServerConfig['limits']
export type ShutdownConfig = ServerConfig['shutdown']

/**
 * Validates a config (the parsed JSON of a config file), fills in defaults and resolves
 * secret keys named by `{ env }` or `{ file }`. Throws `ConfigError` naming the first
 * invalid field. Parsing a parsed config again returns an equal config.
 */
export function parseConfig(input: unknown): ServerConfig {
  return parseWith(serverConfigSchema, input)
}
