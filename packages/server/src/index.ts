export {
  type AppConfig,
  type AppConfigInput,
  ConfigError,
  parseConfig,
  type RegistryConfig,
  type RegistryConfigInput,
  type ServerConfig,
  type ServerConfigInput,
} from './config.js'
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './logger.js'
export { decideAdmission } from './policy/decideAdmission.js'
export type { AppLoginSettings, Eviction, SessionRecord } from './policy/types.js'
export type { RateLimitOptions } from './rateLimiter.js'
export type { NodeReadiness } from './readiness.js'
export { createRegistry } from './registry/createRegistry.js'
export { createMemoryRegistry, type MemoryRegistryOptions } from './registry/memoryRegistry.js'
export {
  AdmissionRefusedError,
  type AdmitOptions,
  type NewSession,
  type OwnerNotice,
  type RegistryDownReason,
  type RegistryHealthChange,
  type RegistryReadiness,
  RegistryUnavailableError,
  type SessionLookup,
  type SessionRegistry,
} from './registry/types.js'
export {
  type AdminClient,
  type AdminClientOptions,
  createAdminClient,
} from './rest/adminClient.js'
export {
  KICK_PATH,
  type KickRequestBody,
  type OnlineStatusResult,
  QUERY_ONLINE_STATUS_PATH,
  type QueryOnlineStatusBody,
  type QueryOnlineStatusResponse,
  type RestEnvelope,
} from './rest/adminRoutes.js'
export { DEV_USERSIG_PATH, type DevUserSigRequest } from './rest/devRoutes.js'
export { type RunningServer, type StartServerOptions, startServer } from './startServer.js'
export type { Timers } from './timers.js'
