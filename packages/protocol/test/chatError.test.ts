import { describe, expect, it } from 'vitest'
import { ChatError, chatError, clientError, ERROR_CODES, NETWORK_ERROR } from '../src/index.js'

describe('ChatError', () => {
  it('is an Error with code, message and data, and a stack that names the message (rule 28)', () => {
    const error = new ChatError(70001, 'The UserSig has expired.', { userID: 'alice' })
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe(70001)
    expect(error.message).toBe('The UserSig has expired.')
    expect(error.data).toEqual({ userID: 'alice' })
    expect(String(error)).toBe('Error: The UserSig has expired.')
    expect(error.stack?.split('\n')[0]).toBe('Error: The UserSig has expired.')
    expect(error.stack).toContain('chatError.test.ts')
  })

  it('always carries data, an object ({} unless given), as the real SDK’s errors do', () => {
    expect(new ChatError(2800, 'Network error.').data).toEqual({})
    expect(JSON.stringify(new ChatError(2800, 'Network error.'))).toBe(
      '{"code":2800,"message":"Network error.","data":{}}',
    )
    expect(Object.keys(new ChatError(2800, 'Network error.'))).toEqual(['code', 'message', 'data'])
    expect({ ...new ChatError(1, 'x', { n: 7 }) }).toEqual({
      code: 1,
      message: 'x',
      data: { n: 7 },
    })
    // Each error has its own object: filling one in does not reach another.
    const first = new ChatError(1, 'x')
    first.data.note = 'mine'
    expect(new ChatError(1, 'x').data).toEqual({})
  })

  it('is what chatError and clientError make', () => {
    expect(chatError(ERROR_CODES.USER_SIG_EXPIRED)).toBeInstanceOf(ChatError)
    expect(clientError(NETWORK_ERROR)).toBeInstanceOf(ChatError)
  })
})
