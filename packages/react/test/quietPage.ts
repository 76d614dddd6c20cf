import { act } from '@testing-library/react'
import { expect } from 'vitest'
import { type ManualTimers, manualTimers } from '../../core/test/helpers/manualTimers.js'
import type { LiveServer } from './liveServer.js'

/** Client options for one page load, on timers (reconnects, retries) the test advances. */
export function pageOptions(live: LiveServer) {
  const timers = manualTimers()
  return { ...live.options(), timers }
}

/**
 * The page sends nothing and never will by itself: its effects have run, an hour of its
 * timers passes with none left pending (no retry, no reconnect waiting), and its client
 * never opened a socket. A login it started would show here without a sleep.
 */
export async function expectNothingSent(page: {
  timers: ManualTimers
  sockets: () => unknown[]
  frames: () => string[]
}): Promise<void> {
  await act(async () => page.timers.advance(3_600_000))
  expect(page.timers.pending).toBe(0)
  expect(page.sockets()).toEqual([])
  expect(page.frames()).toEqual([])
}
