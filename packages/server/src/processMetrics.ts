import { collectDefaultMetrics, Registry } from 'prom-client'

/** How long one rendering of the process metrics answers every scrape. */
const REUSE_MS = 1_000

let registry: Registry | undefined
let last: { at: number; text: Promise<string> } | undefined

/**
 * prom-client's default metrics (`process_*`, `nodejs_*`: CPU, memory, open descriptors,
 * event-loop lag, heap, GC) as Prometheus text. They describe the process, not one server,
 * so they are collected once per process, into a registry of their own: collecting them
 * starts an event-loop monitor and a GC observer that prom-client never stops, and one set
 * per server would pile up in a process that starts many (tests, embedding). Counting open
 * descriptors lists /proc/self/fd synchronously, which takes milliseconds with tens of
 * thousands open: one rendering answers every scrape for a second, so a flood of scrapes
 * cannot turn it into a stall.
 */
export function renderProcessMetrics(): Promise<string> {
  if (!registry) {
    registry = new Registry()
    collectDefaultMetrics({ register: registry })
  }
  const now = performance.now()
  if (!last || now - last.at >= REUSE_MS) last = { at: now, text: registry.metrics() }
  return last.text
}
