import { ChatError } from '@chatgate/core'
import { expect } from 'vitest'

/**
 * Matches a ChatError whose own fields equal `fields` exactly (nested matchers such as
 * `expect.any(String)` allowed), `data` being `{}` unless `fields` names it. Failures are
 * ChatErrors (rule 28), and `toEqual` never equates an Error with a plain object, so tests
 * state the expected `{ code, message }` through this: the same fields as before, and the
 * class and TencentCloudChat's always-present `data` on top.
 */
export function chatErrorLike(fields: Record<string, unknown>) {
  return {
    asymmetricMatch(actual: unknown): boolean {
      if (!(actual instanceof ChatError)) return false
      try {
        expect({ ...actual }).toEqual({ data: {}, ...fields })
        return true
      } catch {
        return false
      }
    },
    toAsymmetricMatcher: () => `ChatError like ${JSON.stringify(fields)}`,
  }
}
