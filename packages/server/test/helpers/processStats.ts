import { readdirSync, readFileSync } from 'node:fs'

/** Open file descriptors of a process on this machine. */
export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length
}

/** Resident memory of a process, MiB. */
export function rssMiB(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kib) / 1024
}

/**
 * Samples `read` every 20 ms until `stop` resolves; resolves with the largest value seen.
 * For a peak that a single reading after the fact could miss.
 */
export async function peakWhile(read: () => number, stop: Promise<unknown>): Promise<number> {
  let peak = read()
  let done = false
  void stop.finally(() => {
    done = true
  })
  while (!done) {
    peak = Math.max(peak, read())
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return Math.max(peak, read())
}
