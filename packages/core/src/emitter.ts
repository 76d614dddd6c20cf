import type { EventName } from '@chatgate/protocol'

export type Handler = (event: { name: EventName; data: unknown }) => void

export interface Emitter {
  on(name: EventName, handler: Handler): void
  off(name: EventName, handler: Handler): void
  emit(name: EventName, data?: unknown): void
  clear(): void
}

/**
 * Named events with `{ name, data }` payloads. Events raised from inside a handler are
 * queued and delivered after the current one, so every handler sees events in the order
 * they happened. A throwing handler is reported to `onHandlerError` and does not stop
 * the others.
 */
export function createEmitter(onHandlerError: (error: unknown) => void): Emitter {
  const handlers = new Map<EventName, Set<Handler>>()
  const queue: [EventName, unknown][] = []
  let draining = false
  return {
    on: (name, handler) => handlers.set(name, (handlers.get(name) ?? new Set()).add(handler)),
    off: (name, handler) => handlers.get(name)?.delete(handler),
    emit(name, data) {
      queue.push([name, data])
      if (draining) return
      draining = true
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [eventName, eventData] = next
        for (const handler of [...(handlers.get(eventName) ?? [])]) {
          try {
            handler({ name: eventName, data: eventData })
          } catch (error) {
            onHandlerError(error)
          }
        }
      }
      draining = false
    },
    clear: () => handlers.clear(),
  }
}
