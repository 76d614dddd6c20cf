import type { KickInfo } from '@chatgate/core'

/**
 * Which kick the user has already acknowledged. The core keeps the last kick in its snapshot
 * until the next login; the kit hides it from the moment the user dismisses it, for every
 * component of one provider at once.
 */
export interface KickAcknowledgement {
  get(): KickInfo | null
  acknowledge(kick: KickInfo): void
  subscribe(listener: () => void): () => void
}

export function createKickAcknowledgement(): KickAcknowledgement {
  let acknowledged: KickInfo | null = null
  const listeners = new Set<() => void>()
  return {
    get: () => acknowledged,
    acknowledge(kick) {
      if (acknowledged === kick) return
      acknowledged = kick
      for (const listener of listeners) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** Same kick: the core may rebuild the object, but a kick is its type plus its arrival. */
export function sameKick(a: KickInfo | null, b: KickInfo | null): boolean {
  return a === b || (a !== null && b !== null && a.at === b.at && a.type === b.type)
}
