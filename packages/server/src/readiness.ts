import type { SessionRegistry } from './registry/types.js'

/**
 * Whether this node would admit a login now (`/readyz`, design.md rule 25), and if not why:
 * `draining` from SIGTERM / `drain()` on (the node still serves) and while it closes; `rebuilding` while Redis's dataset is younger than
 * the rebuild window (a new or emptied Redis), when every login would get 90005;
 * `unavailable` when the registry cannot be reached; `closed` once it is closed.
 */
export type NodeReadiness =
  | { ready: true }
  | { ready: false; reason: 'draining' | 'closed' | 'unavailable' | 'rebuilding' }

export async function nodeReadiness(node: {
  isServing: () => boolean
  isDraining: () => boolean
  registry: SessionRegistry
}): Promise<NodeReadiness> {
  if (node.isDraining() || !node.isServing()) return { ready: false, reason: 'draining' }
  return node.registry.readiness()
}

/** Resolves once `check` says ready; polls every `intervalMs`; rejects when `stop` holds. */
export async function untilReady(
  check: () => Promise<NodeReadiness>,
  stop: () => boolean,
  intervalMs = 50,
): Promise<void> {
  for (;;) {
    const readiness = await check()
    if (readiness.ready) return
    if (stop()) throw new Error(`The server stopped before it was ready (${readiness.reason}).`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
