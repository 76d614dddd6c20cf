import type { Timers } from './environment.js'

/**
 * Sends a ping `intervalMs` after the previous pong. `ping` rejects when no pong came in
 * time (or the socket closed); then `onDead` runs once and the heartbeat stops.
 * Returns a stop function. Browsers cannot send WebSocket pings, hence this app-level one.
 */
export function startHeartbeat(
  timers: Timers,
  intervalMs: number,
  ping: () => Promise<unknown>,
  onDead: () => void,
): () => void {
  let stopped = false
  let handle: unknown
  const beat = () => {
    handle = timers.setTimeout(() => {
      ping().then(
        () => stopped || beat(),
        () => stopped || onDead(),
      )
    }, intervalMs)
  }
  beat()
  return () => {
    stopped = true
    timers.clearTimeout(handle)
  }
}
