import { readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { LogFields, Logger } from './logger.js'

/** Descriptors the process needs besides its sockets: stdio, listener, Redis, epoll, DNS, logs. */
export const RESERVED_DESCRIPTORS = 64
/** While descriptors stay exhausted, one line this often. */
const REPORT_EVERY_MS = 60_000

/** The soft limit of open files of this process (Linux), or undefined where it cannot be read. */
export function descriptorLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0]
    return soft && /^\d+$/.test(soft) ? Number(soft) : undefined
  } catch {
    return undefined
  }
}

/**
 * Fields of a start-up warning when `maxConnections` does not sit below the descriptor
 * limit: past the limit a new connection is reset by the kernel, unanswered and unlogged,
 * instead of being refused with 503 / 90017 by the cap.
 */
export function descriptorLimitWarning(maxConnections: number): LogFields | undefined {
  const limit = descriptorLimit()
  if (limit === undefined || maxConnections + RESERVED_DESCRIPTORS <= limit) return undefined
  return {
    maxConnections,
    descriptorLimit: limit,
    hint: `raise the open-file limit (LimitNOFILE, ulimit -n) to at least limits.maxConnections + ${RESERVED_DESCRIPTORS}, or lower limits.maxConnections: past the limit connections are reset without an answer`,
  }
}

/** Whether an error says the process (or the system) has no descriptor left. */
const isExhaustion = (error: NodeJS.ErrnoException) =>
  error.code === 'EMFILE' || error.code === 'ENFILE'

/**
 * Watches for running out of file descriptors (rule 36), which otherwise only shows as
 * connections reset by the kernel: every `intervalMs` it opens (and closes) /dev/null, off
 * the event loop, and logs `descriptors_exhausted` at most once a minute while that fails
 * with EMFILE; an EMFILE from the listener is logged the same way (and does not crash the
 * process). How close the process is to its limit, `process_open_fds` and
 * `process_max_fds` on /metrics say. Returns a stop function.
 */
export function watchDescriptors(
  httpServer: Server,
  { logger, intervalMs }: { logger: Logger; intervalMs: number },
): () => void {
  const limit = descriptorLimit()
  let reportedAt = Number.NEGATIVE_INFINITY
  const report = () => {
    const time = performance.now()
    if (time - reportedAt < REPORT_EVERY_MS) return
    reportedAt = time
    logger.error('descriptors_exhausted', {
      limit,
      hint: 'new connections are dropped before the server sees them: raise the open-file limit (ulimit -n, LimitNOFILE) or lower limits.maxConnections',
    })
  }
  // Any other accept error is logged instead of ending the process.
  httpServer.on('error', (error: NodeJS.ErrnoException) => {
    if (isExhaustion(error)) report()
    else logger.error('accept_failed', { code: error.code, error: error.message })
  })
  let probing = false
  const timer = setInterval(() => {
    if (probing) return
    probing = true
    open('/dev/null', 'r')
      .then((file) => file.close())
      .catch((error: NodeJS.ErrnoException) => {
        if (isExhaustion(error)) report()
      })
      .finally(() => {
        probing = false
      })
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
