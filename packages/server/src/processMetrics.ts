import { collectDefaultMetrics, Registry } from 'prom-client'

let registry: Registry | undefined

/**
 * prom-client's default metrics (`process_*`, `nodejs_*`: CPU, memory, open descriptors,
 * event-loop lag, heap, GC), collected once per process into a registry of its own and
 * rendered beside each server's. They describe the process, not one server; and collecting
 * them starts an event-loop monitor and a GC observer that prom-client never stops, so one
 * set per server would pile up in a process that starts many (tests, embedding).
 */
export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry()
    collectDefaultMetrics({ register: registry })
  }
  return registry
}
