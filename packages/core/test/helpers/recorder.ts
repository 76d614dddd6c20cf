import { type ChatClient, EVENT, type EventName, type WebSocketConstructor } from '@chatgate/core'
import WebSocket from 'ws'

/** Every event a client (a `Chat`, or any `ChatClient`) raises, as `name` or `name:detail`, in order. */
export function recordEvents(chat: Pick<ChatClient, 'on'>): string[] {
  const events: string[] = []
  for (const name of Object.values(EVENT) as EventName[]) {
    chat.on(name, (event) => {
      const data = event.data as Record<string, unknown> | undefined
      const detail = data?.type ?? data?.state ?? data?.code
      events.push(detail === undefined ? event.name : `${event.name}:${String(detail)}`)
    })
  }
  return events
}

export interface WireCounter {
  WebSocket: WebSocketConstructor
  /** Every frame the client sent, parsed. */
  frames: { op: string; [field: string]: unknown }[]
  /** How many frames with this `op` were sent. */
  ops(op: string): number
  /** How many sockets were opened. */
  readonly sockets: number
}

/** A `ws` WebSocket that records every socket opened and every frame sent through it. */
export function countingWebSocket(): WireCounter {
  const frames: { op: string; [field: string]: unknown }[] = []
  let sockets = 0
  class CountingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      sockets++
      const send = this.send.bind(this)
      this.send = ((data: string) => {
        frames.push(JSON.parse(data))
        send(data)
      }) as WebSocket['send']
    }
  }
  return {
    WebSocket: CountingWebSocket,
    frames,
    ops: (op: string) => frames.filter((frame) => frame.op === op).length,
    get sockets() {
      return sockets
    },
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
