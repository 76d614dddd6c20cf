import { ERROR_CODES } from '@chatgate/protocol'
import { describe, expect, it } from 'vitest'
import { FATAL_FRAME_ERRORS, peek } from '../src/transport/framePeek.js'

// A refused frame's error reply carries the frame's seq when one can be read: only a
// non-negative safe integer, the one a client could match its request by.

describe('peek', () => {
  it('reads op and seq of an object', () => {
    expect(peek('{"op":"renew","seq":7}')).toEqual({ op: 'renew', seq: 7 })
  })

  it('takes seq 0, the lowest a client may use', () => {
    expect(peek('{"op":"x","seq":0}').seq).toBe(0)
  })

  it('leaves out a seq that is negative, fractional, a string or past the safe integers', () => {
    for (const seq of ['-1', '1.5', '"3"', '9007199254740992', 'null', 'true']) {
      const found = peek(`{"op":"x","seq":${seq}}`)
      expect(found.seq, seq).toBeUndefined()
      expect(found.op, seq).toBe('x')
    }
  })

  it('takes the largest safe integer', () => {
    expect(peek('{"seq":9007199254740991}').seq).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('finds nothing in text that is not a JSON object', () => {
    for (const text of ['not json', '{"seq":', 'null', '5', '"text"', 'true']) {
      expect(peek(text), text).toEqual({})
    }
  })

  it('an object without op or seq has neither', () => {
    expect(peek('{}')).toEqual({ op: undefined, seq: undefined })
  })
})

describe('FATAL_FRAME_ERRORS', () => {
  it('holds the frame errors after which the stream cannot be trusted, and no request error', () => {
    expect([...FATAL_FRAME_ERRORS].sort()).toEqual(
      [ERROR_CODES.INVALID_JSON, ERROR_CODES.INVALID_FRAME, ERROR_CODES.FRAME_TOO_LARGE].sort(),
    )
    expect(FATAL_FRAME_ERRORS.has(ERROR_CODES.INVALID_PARAMETERS)).toBe(false)
  })
})
