/**
 * What every Chatgate failure is: an `Error` (so `instanceof Error`, stacks and
 * unhandled-rejection messages work) carrying TencentCloudChat's numeric `code`, its
 * `message`, and `data`, an object that is `{}` unless a failure has more to say.
 *
 * `code`, `message` and `data` are own enumerable properties, as on the real SDK's errors,
 * so the error serialises to `{ code, message, data }` (JSON, spreading) and code written
 * for TencentCloudChat may read `error.data.…` without a guard. `message` is set after
 * `super()` for that reason; engines format `stack` from it lazily, so the stack's first
 * line still reads `Error: <message>`.
 */
export class ChatError extends Error {
  declare code: number
  declare data: Record<string, unknown>

  constructor(code: number, message: string, data: Record<string, unknown> = {}) {
    super()
    this.code = code
    this.message = message
    this.data = data
  }
}
