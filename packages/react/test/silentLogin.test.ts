// @vitest-environment node
import { ChatError, ERROR_CODES } from '@chatgate/protocol'
import { describe, expect, test } from 'vitest'
import { manualTimers } from '../../core/test/helpers/manualTimers.js'
import { retrySettings } from '../src/retryPolicy.js'
import { createSilentLogin } from '../src/silentLogin.js'

const networkError = () => new ChatError(ERROR_CODES.NETWORK_ERROR, 'Network error.')
const settled = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A task that fails on the network `failures` times, then succeeds; it counts its calls. */
function flakyTask(failures: number) {
  const task = Object.assign(
    async () => {
      task.calls++
      if (task.calls <= failures) throw networkError()
    },
    { calls: 0 },
  )
  return task
}

function setup() {
  const timers = manualTimers()
  const outcomes: { retrying: boolean; error: ChatError | null }[] = []
  const silent = createSilentLogin(
    retrySettings({ timers, random: () => 0.5, backoff: { minMs: 100, maxMs: 400 } }),
    (retrying, error) => outcomes.push({ retrying, error }),
  )
  return { timers, outcomes, silent, stop: silent.activate() }
}

describe('the silent login’s retries (rule 37)', () => {
  test('a network failure waits its full-jitter backoff, doubling up to the bound, until it succeeds', async () => {
    const { timers, outcomes, silent } = setup()
    const task = flakyTask(3)
    silent.run(task)
    await settled()
    expect(outcomes).toEqual([{ retrying: true, error: expect.objectContaining({ code: 2800 }) }])
    // Half of 100, 200, 400 (the bound) ms: 50, 100, 200.
    for (const wait of [50, 100, 200]) {
      timers.advance(wait - 1)
      expect(task.calls).toBe(outcomes.length)
      timers.advance(1)
      await settled()
    }
    expect(task.calls).toBe(4)
    expect(outcomes.at(-1)).toEqual({ retrying: false, error: null })
    expect(timers.pending).toBe(0)
  })

  test('a refusal no retry fixes ends it at once; so does cancel, whose outcome is ignored', async () => {
    const { timers, outcomes, silent } = setup()
    silent.run(async () => {
      throw new ChatError(ERROR_CODES.USER_SIG_EXPIRED, 'UserSig expired.')
    })
    await settled()
    expect(outcomes).toEqual([{ retrying: false, error: expect.objectContaining({ code: 70001 }) }])
    expect(timers.pending).toBe(0)

    const task = flakyTask(1)
    silent.run(task)
    silent.cancel()
    await settled()
    timers.advance(10_000)
    expect(task.calls).toBe(1)
    expect(outcomes).toHaveLength(1)
  })

  test('the latest run wins: an older one settling later changes nothing', async () => {
    const { outcomes, silent } = setup()
    let releaseOld: (value?: unknown) => void = () => {}
    silent.run(() => new Promise((_, reject) => (releaseOld = () => reject(networkError()))))
    silent.run(async () => {})
    await settled()
    releaseOld()
    await settled()
    expect(outcomes).toEqual([{ retrying: false, error: null }])
  })

  test('stopped, nothing waits; activated again, the waiting retry is scheduled again; retryNow skips the wait', async () => {
    const { timers, silent, stop } = setup()
    const task = flakyTask(1)
    silent.run(task)
    await settled()
    expect(timers.pending).toBe(1)
    stop()
    expect(timers.pending).toBe(0)
    silent.activate()
    expect(timers.pending).toBe(1)
    silent.retryNow()
    expect(timers.pending).toBe(0)
    await settled()
    expect(task.calls).toBe(2)
  })
})
