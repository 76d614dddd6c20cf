import * as v from 'valibot'

/** An integer in `[min, max]`, with the one message the config uses for every number. */
export function integerIn(min: number, max: number) {
  const message = `must be an integer from ${min} to ${max}.`
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(min, message),
    v.maxValue(max, message),
  )
}

export function nonEmptyString() {
  const message = 'must be a non-empty string.'
  return v.pipe(
    v.string(message),
    v.check((value) => value.trim() !== '', message),
  )
}

export function flag() {
  return v.boolean('must be true or false.')
}

/** The message a field's own schema gives for a missing value, e.g. "must be a non-empty string." */
function missingMessage(schema: v.GenericSchema | undefined): string {
  if (!schema) return 'is required.'
  const result = v.safeParse(schema, undefined, { abortEarly: true, message: () => 'is required.' })
  return result.success ? 'is required.' : result.issues[0].message
}

/**
 * An object section of the config: unknown keys are refused ("is not a known setting."),
 * a missing required key gets the message of the key's own schema.
 */
export function section<const E extends v.ObjectEntries>(entries: E) {
  return v.strictObject(entries, (issue) => {
    const last = issue.path?.at(-1)
    if (issue.expected === 'never') return 'is not a known setting.'
    if (last && last.origin === 'key') return missingMessage(entries[String(last.key)])
    return 'must be an object.'
  })
}

/** A list of strings each checked by `isValid`; `message` says what an item must be. */
export function listOf(isValid: (item: string) => boolean, message: string) {
  return v.array(v.pipe(v.string(message), v.check(isValid, message)), 'must be an array.')
}
