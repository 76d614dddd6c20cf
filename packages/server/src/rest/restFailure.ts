import { englishMessage } from '@chatgate/protocol'
import type { RestEnvelope } from './adminTypes.js'

/** Thrown inside an admin REST handler to answer `FAIL` with a code. */
export class RestFailure extends Error {
  constructor(
    readonly code: number,
    message = englishMessage(code),
  ) {
    super(message)
  }
}

export function failEnvelope(code: number, message = englishMessage(code)): RestEnvelope {
  return { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: message }
}
