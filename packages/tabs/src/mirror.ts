import type { ChatClient, ChatEventHandler, ChatSnapshot } from '@chatgate/core'
import { EVENT, type EventName } from '@chatgate/protocol'
import { toWireSnapshot } from './wire.js'

type Handler = ChatEventHandler<EventName>

/**
 * What the app of one tab sees: a snapshot and its events. The leader sets it from its
 * `Chat`, a follower from the leader's messages; either way the events come from comparing
 * snapshots, as core's machine raises them, so every tab raises the same ones.
 */
export interface Mirror {
  get(): ChatSnapshot
  /** Takes `next` unless it says what the current one says (then nothing happens). */
  set(next: ChatSnapshot): void
  emit(name: EventName, data?: unknown): void
  subscribe(listener: () => void): () => void
  on: ChatClient['on']
  off: ChatClient['off']
  /** Drops every listener and handler (destroy). */
  clear(): void
}

export const LOGGED_OUT = {
  loginStatus: 3,
  userID: '',
  ready: false,
  netState: 'disconnected',
  userSigExpiresAt: null,
} as const satisfies Partial<ChatSnapshot>

const INITIAL: ChatSnapshot = Object.freeze({ ...LOGGED_OUT, kick: null, error: null })

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function createMirror(onHandlerError: (error: unknown) => void): Mirror {
  let snapshot = INITIAL
  const listeners = new Set<() => void>()
  const handlers = new Map<string, Map<Handler, unknown>>()
  /** Events raised by a handler wait for the current one: every handler sees them in order. */
  const queue: [EventName, unknown][] = []

  const emit = (name: EventName, data?: unknown) => {
    if (queue.push([name, data]) > 1) return
    for (let next = queue[0]; next; queue.shift(), next = queue[0]) {
      const [eventName, eventData] = next
      for (const [handler, context] of [...(handlers.get(eventName) ?? [])]) {
        try {
          handler.call(context, { name: eventName, data: eventData } as never)
        } catch (error) {
          onHandlerError(error)
        }
      }
    }
  }

  return {
    get: () => snapshot,
    set(next) {
      const was = snapshot
      if (same(toWireSnapshot(next), toWireSnapshot(was))) return
      snapshot = next
      for (const listener of [...listeners]) listener()
      // In the order core raises them: a kick before SDK_NOT_READY, the network before SDK_READY.
      if (next.kick && !same(next.kick, was.kick)) {
        const { type, by } = next.kick
        emit(EVENT.KICKED_OUT, by ? { type, by } : { type })
      }
      if (was.ready && !next.ready) emit(EVENT.SDK_NOT_READY)
      if (was.netState !== next.netState) emit(EVENT.NET_STATE_CHANGE, { state: next.netState })
      if (!was.ready && next.ready) emit(EVENT.SDK_READY)
    },
    emit,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    on(name, handler, context) {
      handlers.set(name, (handlers.get(name) ?? new Map()).set(handler as Handler, context))
    },
    off(name, handler) {
      handlers.get(name)?.delete(handler as Handler)
    },
    clear() {
      listeners.clear()
      handlers.clear()
    },
  }
}
