/** Log levels, most verbose first. `silent` logs nothing. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Fields of a log line. Never put a UserSig, a secret key or a session id in them. */
export type LogFields = Record<string, string | number | boolean | undefined>

export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel
  /** Where each JSON line goes. @default a line on stderr */
  write?: (line: string) => void
  now?: () => number
}

/** Field names whose values are dropped even if a caller passes them by mistake. */
const SECRET_FIELDS = new Set(['userSig', 'usersig', 'secretKey', 'sig', 'sessionId', 'resume'])

export function isLogLevel(value: unknown): value is LogLevel {
  return LOG_LEVELS.includes(value as LogLevel)
}

function ignore(): void {}

/** A structured logger writing one JSON object per line: `{time, level, event, ...fields}`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info')
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const now = options.now ?? Date.now
  const log = (level: Exclude<LogLevel, 'silent'>, event: string, fields?: LogFields) => {
    const record: Record<string, unknown> = { time: new Date(now()).toISOString(), level, event }
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined && !SECRET_FIELDS.has(key)) record[key] = value
      }
    }
    write(JSON.stringify(record))
  }
  // A level below the threshold gets a function that does nothing, decided once here
  // rather than on every call (the login path logs at info and debug).
  const at = (level: Exclude<LogLevel, 'silent'>): Logger['info'] =>
    LOG_LEVELS.indexOf(level) < threshold ? ignore : (event, fields) => log(level, event, fields)
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
