import type { Logger } from './logger.js'
import type { Metrics } from './metrics.js'
import type { RegistryHealthChange, SessionRegistry } from './registry/types.js'
import type { SessionHub } from './transport/sessionHub.js'

/** Each change of the registry's link, as the log line it becomes (rule 36). */
function logChange(logger: Logger, change: RegistryHealthChange): void {
  switch (change.kind) {
    case 'lost':
      logger.warn('registry_lost', { reason: change.reason, error: change.error })
      return
    case 'back':
      logger.info('registry_back', { downSeconds: Math.round(change.downMs / 100) / 10 })
      return
    case 'dataLost':
      logger.warn('registry_data_lost', { action: 're-registering this node’s sessions' })
      return
    case 'rebuilt':
      logger.info('registry_rebuilt', { sessions: change.sessions })
      return
    default:
      change satisfies never
  }
}

/**
 * Wires what the registry reports into the server: health changes into the log and the
 * `chatgate_registry_up` gauge, kick notices into the kick latency, and sessions adopted
 * from a node that stopped or died into the hub, which holds each for its app's grace
 * period from now (rule 35). Returns what undoes it.
 */
export function observeRegistry(
  registry: SessionRegistry,
  { hub, metrics, logger }: { hub: SessionHub; metrics: Metrics; logger: Logger },
): () => void {
  const unsubscribers = [
    registry.onHealthChange?.((change) => {
      if (change.kind === 'lost') metrics.setRegistryUp(false)
      if (change.kind === 'back') metrics.setRegistryUp(true)
      logChange(logger, change)
    }),
    // After the hub's own listener (subscribed when it was built): the kick is delivered.
    registry.onOwnerNotice((notice) => {
      if (notice.kind === 'kick' && notice.decidedAt !== undefined) {
        metrics.kickNoticeTimed(Date.now() - notice.decidedAt)
      }
    }),
    registry.onAdoptedSession?.((session) => {
      const { sdkAppID, userID, platform } = session
      logger.debug('session_adopted', { sdkAppID, userID, platform })
      hub.holdDetached(session)
    }),
  ]
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe?.()
  }
}
