export type Handler = (event: { name: string; data: unknown }) => void

export interface Emitter {
  /** Adds a handler, called with `this` bound to `context`. The same handler twice counts once. */
  on(name: string, handler: Handler, context: unknown, once: boolean): void
  off(name: string, handler: Handler): void
  emit(name: string, data?: unknown): void
  clear(): void
}

/**
 * Named events with `{ name, data }` payloads. Events raised from inside a handler are
 * queued and delivered after the current one, so every handler sees events in the order
 * they happened. A throwing handler is reported to `onHandlerError` and does not stop
 * the others. A handler added or removed during an event takes effect from the next one.
 */
export function createEmitter(onHandlerError: (error: unknown) => void): Emitter {
  const handlers = new Map<string, Map<Handler, [context: unknown, once: boolean]>>()
  const queue: [string, unknown][] = []
  let draining = false
  return {
    on: (name, handler, context, once) =>
      handlers.set(name, (handlers.get(name) ?? new Map()).set(handler, [context, once])),
    off: (name, handler) => handlers.get(name)?.delete(handler),
    emit(name, data) {
      queue.push([name, data])
      if (draining) return
      draining = true
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [eventName, eventData] = next
        const current = handlers.get(eventName)
        for (const [handler, [context, once]] of [...(current ?? [])]) {
          if (once) current?.delete(handler)
          try {
            handler.call(context, { name: eventName, data: eventData })
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
