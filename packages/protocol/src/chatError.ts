/**
 * What every Chatgate failure is: an `Error` (so `instanceof Error`, stacks and
 * unhandled-rejection messages work) carrying TencentCloudChat's numeric `code`, its
 * `message`, and `data` when a failure has more to say.
 *
 * `code` and `message` are own enumerable properties, so the error serialises to
 * `{ code, message }` (JSON, spreading) the way the wire's `error` frames look. `message`
 * is set after `super()` for that reason; engines format `stack` from it lazily, so the
 * stack's first line still reads `Error: <message>`.
 */
export class ChatError extends Error {
  declare code: number
  declare data?: unknown

  constructor(code: number, message: string, data?: unknown) {
    super()
    this.code = code
    this.message = message
    if (data !== undefined) this.data = data
  }
}
