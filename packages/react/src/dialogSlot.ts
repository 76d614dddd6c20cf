/**
 * Which kicked-out dialog of a provider may open: only one ever does. A dialog the app
 * renders itself outranks the one `LoginGate` brings; among equals the first mounted wins.
 */
export interface DialogSlot {
  owner(): string | null
  claim(id: string, rank: number): () => void
  subscribe(listener: () => void): () => void
}

export function createDialogSlot(): DialogSlot {
  const claims: { id: string; rank: number }[] = []
  const listeners = new Set<() => void>()
  let owner: string | null = null
  const elect = () => {
    let best: { id: string; rank: number } | undefined
    for (const claim of claims) if (!best || claim.rank > best.rank) best = claim
    const next = best?.id ?? null
    if (next === owner) return
    owner = next
    for (const listener of listeners) listener()
  }
  return {
    owner: () => owner,
    claim(id, rank) {
      const claim = { id, rank }
      claims.push(claim)
      elect()
      return () => {
        claims.splice(claims.indexOf(claim), 1)
        elect()
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
