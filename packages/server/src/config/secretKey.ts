import { readFileSync } from 'node:fs'
import { isUsableSecretKey, SECRET_KEY_RULE } from '@chatgate/usersig'
import * as v from 'valibot'

export { MIN_SECRET_KEY_LENGTH } from '@chatgate/usersig'

const SOURCE_MESSAGE = `must be the key, {"env": "VARIABLE"} or {"file": "PATH"} (${SECRET_KEY_RULE}).`
const KEY_MESSAGE = `must be ${SECRET_KEY_RULE}.`

const source = v.union(
  [
    v.string(),
    v.strictObject({ env: v.pipe(v.string(), v.nonEmpty()) }),
    v.strictObject({ file: v.pipe(v.string(), v.nonEmpty()) }),
  ],
  SOURCE_MESSAGE,
)

type Source = v.InferOutput<typeof source>

/** Reads the key from where the config says it is; a message (never the key) when it cannot. */
function resolve(from: Source): { key: string } | { problem: string } {
  if (typeof from === 'string') return { key: from }
  if ('env' in from) {
    const key = process.env[from.env]
    return key === undefined
      ? { problem: `names the environment variable ${from.env}, which is not set.` }
      : { key }
  }
  try {
    // A key file usually ends with a newline the editor added; it is not part of the key.
    return { key: readFileSync(from.file, 'utf8').replace(/\r?\n$/, '') }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    return { problem: `names the file ${from.file}, which cannot be read (${code}).` }
  }
}

/**
 * An app's secret key: the key itself, or `{ env }` / `{ file }` naming where it is, so it
 * need not sit in the config file. Resolved to the key during validation; messages name
 * the variable or the file, never the key.
 */
export const secretKeySchema = v.pipe(
  source,
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const resolved = resolve(dataset.value)
    if ('key' in resolved) return resolved.key
    addIssue({ message: resolved.problem })
    return NEVER
  }),
  v.check(isUsableSecretKey, KEY_MESSAGE),
)
