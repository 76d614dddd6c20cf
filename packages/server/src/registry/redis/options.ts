import * as v from 'valibot'
import { parseWith } from '../../config/configError.js'
import { redisRegistryOptionsSchema } from '../../config/registryOptionsSchema.js'

export type RedisRegistryOptions = v.InferInput<typeof redisRegistryOptionsSchema>
export type RedisRegistrySettings = v.InferOutput<typeof redisRegistryOptionsSchema>

/** The defaults of the options (those without one are `undefined`). */
export const REDIS_REGISTRY_DEFAULTS = v.getDefaults(redisRegistryOptionsSchema.pipe[0])

/** Fills in defaults; a `ConfigError` names an option that cannot work. */
export function redisRegistrySettings(options: RedisRegistryOptions): RedisRegistrySettings {
  return parseWith(redisRegistryOptionsSchema, options, 'redisRegistry')
}
