import { describe, expect, it } from 'vitest'
import { createFailureCounter, createLoginRateLimiter } from '../src/rateLimiter.js'

describe('failed-login counting in fixed windows (rule 19)', () => {
  it('blocks a key at its limit until its window ends, to the millisecond', () => {
    let now = 1_000
    const counter = createFailureCounter(2, 500, () => now)
    counter.recordFailure('a')
    expect(counter.isBlocked('a')).toBe(false)
    counter.recordFailure('a')
    expect(counter.isBlocked('a')).toBe(true)
    expect(counter.isBlocked('b')).toBe(false)
    now = 1_499
    expect(counter.isBlocked('a')).toBe(true)
    now = 1_500
    expect(counter.isBlocked('a')).toBe(false)
    // A new window starts with the next failure.
    counter.recordFailure('a')
    expect(counter.isBlocked('a')).toBe(false)
  })

  it('prune drops the windows that have ended, so the table shrinks back', () => {
    let now = 0
    const counter = createFailureCounter(5, 1_000, () => now)
    counter.recordFailure('early')
    now = 400
    counter.recordFailure('late')
    expect(counter.size).toBe(2)
    now = 999
    counter.prune()
    expect(counter.size).toBe(2)
    now = 1_000
    counter.prune()
    expect(counter.size).toBe(1)
    now = 1_400
    counter.prune()
    expect(counter.size).toBe(0)
  })

  it('by default: 20 failures per address, 10 per UserID, in windows of a minute', () => {
    let now = 0
    const limiter = createLoginRateLimiter({}, () => now)
    for (let i = 0; i < 9; i++) limiter.recordFailure(`192.0.2.${i}`, '1:dave')
    expect(limiter.isUserBlocked('1:dave')).toBe(false)
    limiter.recordFailure('192.0.2.9', '1:dave')
    expect(limiter.isUserBlocked('1:dave')).toBe(true)
    for (let i = 0; i < 19; i++) limiter.recordFailure('198.51.100.1', undefined)
    expect(limiter.isAddressBlocked('198.51.100.1')).toBe(false)
    limiter.recordFailure('198.51.100.1', undefined)
    expect(limiter.isAddressBlocked('198.51.100.1')).toBe(true)
    now = 59_999
    expect(limiter.isUserBlocked('1:dave')).toBe(true)
    now = 60_000
    expect(limiter.isUserBlocked('1:dave')).toBe(false)
    expect(limiter.isAddressBlocked('198.51.100.1')).toBe(false)
  })

  it('counts the addresses of one IPv6 /64 as one', () => {
    const limiter = createLoginRateLimiter({ maxFailuresPerAddress: 2 }, () => 0)
    limiter.recordFailure('2001:db8:1:2::a', undefined)
    limiter.recordFailure('2001:db8:1:2::b', undefined)
    expect(limiter.isAddressBlocked('2001:db8:1:2::c')).toBe(true)
    expect(limiter.isAddressBlocked('2001:db8:1:3::a')).toBe(false)
  })
})
