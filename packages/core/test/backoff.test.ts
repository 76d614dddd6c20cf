import fc from 'fast-check'
import { expect, test } from 'vitest'
import { backoffDelay } from '../src/backoff.js'

const bounds = { minMs: 100, maxMs: 5000 }

test('full jitter: the delay spans 0 up to the doubling ceiling (rule 15)', () => {
  expect(backoffDelay(0, bounds, () => 0)).toBe(0)
  expect(backoffDelay(0, bounds, () => 0.999999)).toBe(99)
  expect(backoffDelay(1, bounds, () => 0.999999)).toBe(199)
  expect(backoffDelay(3, bounds, () => 0.5)).toBe(400)
})

test('the ceiling stops at maxMs, even after very many attempts (rule 15)', () => {
  expect(backoffDelay(6, bounds, () => 0.999999)).toBe(4999)
  expect(backoffDelay(10_000, bounds, () => 0.999999)).toBe(4999)
})

test('every delay is an integer within [0, min(maxMs, minMs·2^attempt)) (rule 15)', () => {
  fc.assert(
    fc.property(
      fc.nat(200),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 100_000 }),
      (attempt, random, minMs, extra) => {
        const maxMs = minMs + extra
        const delay = backoffDelay(attempt, { minMs, maxMs }, () => random)
        const ceiling = Math.min(maxMs, minMs * 2 ** attempt)
        return Number.isInteger(delay) && delay >= 0 && delay < ceiling
      },
    ),
  )
})
