import type { EventName } from '@chatgate/protocol'

export type Handler = (event: { name: EventName; data: unknown }) => void

/**
 * Named events with `{ name, data }` payloads. Events raised from inside a handler are
 * queued and delivered after the current one, so every handler sees events in the order
 * they happened. A throwing handler is reported to `onHandlerError` and does not stop
 * the others.
 */
export class Emitter {
  #handlers = new Map<EventName, Set<Handler>>()
  #queue: [EventName, unknown][] = []
  #draining = false

  #onHandlerError: (error: unknown) => void

  constructor(onHandlerError: (error: unknown) => void) {
    this.#onHandlerError = onHandlerError
  }

  on(name: EventName, handler: Handler): void {
    const set = this.#handlers.get(name) ?? new Set()
    this.#handlers.set(name, set.add(handler))
  }

  off(name: EventName, handler: Handler): void {
    this.#handlers.get(name)?.delete(handler)
  }

  emit(name: EventName, data?: unknown): void {
    this.#queue.push([name, data])
    if (this.#draining) return
    this.#draining = true
    for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
      const [eventName, eventData] = next
      for (const handler of [...(this.#handlers.get(eventName) ?? [])]) {
        try {
          handler({ name: eventName, data: eventData })
        } catch (error) {
          this.#onHandlerError(error)
        }
      }
    }
    this.#draining = false
  }

  clear(): void {
    this.#handlers.clear()
  }
}
