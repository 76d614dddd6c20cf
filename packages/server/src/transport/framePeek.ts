import { ERROR_CODES } from '@chatgate/protocol'

/** Frame errors after which the connection cannot go on. */
export const FATAL_FRAME_ERRORS: ReadonlySet<number> = new Set([
  ERROR_CODES.INVALID_JSON,
  ERROR_CODES.INVALID_FRAME,
  ERROR_CODES.FRAME_TOO_LARGE,
])

/** Reads `op` and `seq` of a frame the validator refused, to address the error reply. */
export function peek(text: string): { op?: unknown; seq?: number } {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return {}
    const { op, seq } = value as { op?: unknown; seq?: unknown }
    return {
      op,
      seq: Number.isSafeInteger(seq) && (seq as number) >= 0 ? (seq as number) : undefined,
    }
  } catch {
    return {}
  }
}
