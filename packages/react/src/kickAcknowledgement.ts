import type { KickInfo } from '@chatgate/core'

/** Same kick: the core may rebuild the object, but a kick is its type plus its arrival. */
export function sameKick(a: KickInfo | null, b: KickInfo | null): boolean {
  return a === b || (a !== null && b !== null && a.at === b.at && a.type === b.type)
}
