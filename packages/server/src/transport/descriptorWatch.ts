import { readdir, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { Logger } from '../logger.js'

/** How often the watch looks, when this process holds enough sockets to be near its limit. */
const CHECK_INTERVAL_MS = 1_000
/** At most one `descriptors_exhausted` line per this long, however long it lasts. */
export const DESCRIPTOR_LOG_INTERVAL_MS = 60_000

/** This process's soft limit on open files, from /proc (Linux); undefined elsewhere or unlimited. */
function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

const isExhaustion = (code: string | undefined) => code === 'EMFILE' || code === 'ENFILE'

/**
 * Says so in the log when this process runs out of file descriptors. Node says nothing
 * then: at the limit libuv accepts each new connection on a spare descriptor and closes it
 * at once, so clients are dropped (and `/healthz` with them) with no event in JavaScript.
 * The watch therefore looks itself: once a second, when the sockets this server holds are
 * within a sixteenth (at least 64) of the limit, it counts `/proc/self/fd`; at the limit
 * (or when even that count cannot open a descriptor) it logs one JSON line,
 * `descriptors_exhausted`, at most once per minute. An `EMFILE`/`ENFILE` that does reach
 * the server as an accept error is reported the same way, and any other accept error is
 * logged instead of ending the process. Returns a function that stops the watch.
 */
export function watchDescriptors(
  httpServer: Server,
  socketsOpen: () => number,
  logger: Logger,
): () => void {
  const limit = openFileLimit()
  let lastLoggedAt = Number.NEGATIVE_INFINITY
  /** Times the limit was found reached since the last line. */
  let seen = 0
  const exhausted = (open: number | undefined, code: string) => {
    seen++
    const now = performance.now()
    if (now - lastLoggedAt < DESCRIPTOR_LOG_INTERVAL_MS) return
    lastLoggedAt = now
    logger.error('descriptors_exhausted', {
      code,
      limit,
      open,
      seen,
      message:
        'This process has no file descriptor left: new connections are dropped before the server sees them. Raise its open-files limit (ulimit -n, LimitNOFILE) or lower limits.maxConnections.',
    })
    seen = 0
  }
  httpServer.on('error', (error: NodeJS.ErrnoException) => {
    if (error.syscall !== 'accept') return
    if (isExhaustion(error.code)) exhausted(undefined, error.code!)
    else logger.error('accept_failed', { code: error.code, error: error.message })
  })
  if (limit === undefined) return () => {}
  const nearLimit = limit - Math.max(64, limit >> 4)
  const timer = setInterval(() => {
    if (socketsOpen() < nearLimit) return
    readdir('/proc/self/fd', (error, entries) => {
      if (error) {
        if (isExhaustion(error.code)) exhausted(undefined, error.code!)
      } else if (entries.length >= limit - 1) {
        // The count includes the descriptor that read it: at most one was left.
        exhausted(entries.length, 'EMFILE')
      }
    })
  }, CHECK_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
