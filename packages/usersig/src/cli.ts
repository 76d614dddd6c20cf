#!/usr/bin/env node
// `chatgate-usersig sign|verify …` — sign a UserSig, or check one and print the verify result.
// Exit codes: 0 signed / valid / --help / --version, 1 not valid, 2 bad arguments.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import manifest from '../package.json' with { type: 'json' }
import { UserSigError } from './errors.js'
import { isUsableSecretKey, SECRET_KEY_RULE } from './secretKeyRule.js'
import { DEFAULT_EXPIRE_SECONDS, signUserSig } from './sign.js'
import { verifyUserSig } from './verify.js'

const USAGE = `usage:
  chatgate-usersig sign   --sdkappid N KEY-SOURCE --user USERID [--expire SECONDS]
  chatgate-usersig verify --sdkappid N KEY-SOURCE [--user USERID] SIG
  chatgate-usersig --help | --version
(in the Chatgate repository: pnpm -s usersig sign|verify …)

KEY-SOURCE is one of --key KEY, --key-env VARIABLE (the key is in that environment
variable) or --key-file PATH (in that file; a trailing newline is dropped). Prefer the
last two: other users of the machine can see a command line. The key must be what the
login server accepts: ${SECRET_KEY_RULE}.

sign prints the UserSig alone (valid ${DEFAULT_EXPIRE_SECONDS} s, 180 days, unless --expire).
verify prints the result as one JSON line and exits 0 when valid, 1 when not.
Bad arguments exit 2.`

class UsageError extends Error {}

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${flag} must be a whole number, got ${JSON.stringify(text)}`)
  }
  return Number(text)
}

function required<T>(flag: string, value: T | undefined): T {
  if (value === undefined) throw new UsageError(`--${flag} is required`)
  return value
}

/** The key from exactly one of --key, --key-env and --key-file; messages name the source, never the key. */
function keyFrom(key?: string, env?: string, file?: string): string {
  const found = readKey(key, env, file)
  if (!isUsableSecretKey(found)) {
    throw new UsageError(`the key must be ${SECRET_KEY_RULE}, as the login server requires`)
  }
  return found
}

function readKey(key?: string, env?: string, file?: string): string {
  const given = [key, env, file].filter((source) => source !== undefined).length
  if (given !== 1) throw new UsageError('give the key once: --key, --key-env or --key-file')
  if (key !== undefined) return key
  if (env !== undefined) {
    const value = process.env[env]
    if (value === undefined) throw new UsageError(`the environment variable ${env} is not set`)
    return value
  }
  try {
    return readFileSync(file!, 'utf8').replace(/\r?\n$/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new UsageError(`cannot read the key file ${file} (${code})`)
  }
}

function run(argv: string[]): number {
  const [command, ...rest] = argv
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (command === '--version') {
    process.stdout.write(`${manifest.version}\n`)
    return 0
  }
  if (command !== 'sign' && command !== 'verify') {
    throw new UsageError(
      command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`,
    )
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      sdkappid: { type: 'string' },
      key: { type: 'string' },
      'key-env': { type: 'string' },
      'key-file': { type: 'string' },
      user: { type: 'string' },
      expire: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const sdkAppID = required('sdkappid', wholeNumber('sdkappid', values.sdkappid))
  const secretKey = keyFrom(values.key, values['key-env'], values['key-file'])
  switch (command) {
    case 'sign': {
      if (positionals.length > 0) throw new UsageError('sign takes no positional arguments')
      const sig = signUserSig({
        sdkAppID,
        secretKey,
        userID: required('user', values.user),
        expireSeconds: wholeNumber('expire', values.expire) ?? DEFAULT_EXPIRE_SECONDS,
      })
      process.stdout.write(`${sig}\n`)
      return 0
    }
    case 'verify': {
      if (values.expire !== undefined) throw new UsageError('--expire is for sign only')
      if (positionals.length !== 1) throw new UsageError('verify takes exactly one SIG')
      const result = verifyUserSig(positionals[0], { sdkAppID, secretKey, userID: values.user })
      const printable =
        result.ok && result.userBuf
          ? { ...result, userBuf: result.userBuf.toString('base64') }
          : result
      process.stdout.write(`${JSON.stringify(printable)}\n`)
      return result.ok ? 0 : 1
    }
    default:
      throw command satisfies never
  }
}

function main(): void {
  try {
    process.exitCode = run(process.argv.slice(2))
  } catch (error) {
    // parseArgs reports unknown or malformed flags with a TypeError carrying an ERR_PARSE_ARGS_* code.
    const isArgumentError =
      error instanceof UsageError ||
      error instanceof UserSigError ||
      (error instanceof TypeError &&
        String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS'))
    if (!isArgumentError) throw error
    process.stderr.write(`usersig: ${(error as Error).message}\n${USAGE}\n`)
    process.exitCode = 2
  }
}

main()
