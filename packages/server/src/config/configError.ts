import * as v from 'valibot'

/** An invalid config; `field` is the path of the offending field, e.g. `apps[0].secretKey`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid config: ${field} ${problem}`)
  }
}

/** `apps[0].login.maxInstances.web` from a valibot issue path; `root` when it has none. */
function fieldOf(issue: v.BaseIssue<unknown>, root: string): string {
  let field = ''
  for (const item of issue.path ?? []) {
    const key = String(item.key)
    field += item.type === 'array' ? `[${key}]` : field === '' ? key : `.${key}`
  }
  if (root === '') return field || 'config'
  return field === '' ? root : field.startsWith('[') ? `${root}${field}` : `${root}.${field}`
}

/**
 * Validates `input` against `schema` and returns its output (defaults filled in), or
 * throws a `ConfigError` naming the first invalid field. Every schema of the config
 * carries its own messages; the fallback below never repeats the input, so a secret in
 * a wrong place is not printed.
 */
export function parseWith<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  root = '',
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortEarly: true, message: () => 'is invalid.' })
  if (result.success) return result.output
  const issue = result.issues[0]
  throw new ConfigError(fieldOf(issue, root), issue.message)
}
