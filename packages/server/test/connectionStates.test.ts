import { expect, test } from 'vitest'
import { type ConnectionState, NEXT_STATES } from '../src/transport/connection.js'

// The connection's state table is its guard, as ws guards `_state`: a late login result, a
// late logout answer or a kick must never bring a closed socket back to `ready`. Today
// `applyLogin` also checks that the socket is open, so no test through a socket can see a
// hole in the table; this one reads the table itself.

const STATES: ConnectionState[] = ['awaitingLogin', 'loggingIn', 'ready', 'busy', 'closed']

test('nothing leaves closed: no late result brings a closed connection back', () => {
  expect(NEXT_STATES.closed).toEqual([])
})

test('every state but closed can close, and none moves to itself', () => {
  for (const state of STATES) {
    if (state !== 'closed') expect(NEXT_STATES[state]).toContain('closed')
    expect(NEXT_STATES[state]).not.toContain(state)
  }
})

test('each state is entered only from where the protocol allows: ready after a login or a logout attempt', () => {
  const into = (target: ConnectionState) =>
    STATES.filter((state) => NEXT_STATES[state].includes(target))
  expect(into('ready')).toEqual(['loggingIn', 'busy'])
  expect(into('loggingIn')).toEqual(['awaitingLogin'])
  expect(into('busy')).toEqual(['ready'])
  expect(into('awaitingLogin')).toEqual([])
})
