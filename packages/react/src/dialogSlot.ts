import { createStore, type Store } from './subscribable.js'

/**
 * Which kicked-out dialog of a provider may open: only one ever does. A dialog the app
 * renders itself outranks the one `LoginGate` brings; among equals the first mounted wins.
 */
export interface DialogSlot {
  owner: Store<string | null>
  claims: { id: string; rank: number }[]
}

export const createDialogSlot = (): DialogSlot => ({ owner: createStore(null), claims: [] })

/** Enters a dialog for the slot; returns how to leave it. */
export function claimDialog(slot: DialogSlot, id: string, rank: number): () => void {
  const claim = { id, rank }
  const elect = () => {
    let best = slot.claims[0]
    for (const next of slot.claims) if (next.rank > (best as typeof next).rank) best = next
    slot.owner.setState(best?.id ?? null)
  }
  slot.claims.push(claim)
  elect()
  return () => {
    slot.claims.splice(slot.claims.indexOf(claim), 1)
    elect()
  }
}
