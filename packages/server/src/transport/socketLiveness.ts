import type { WebSocket } from 'ws'
import type { Metrics } from '../metrics.js'

// Sockets whose peer is gone or not listening: found by the heartbeat, or by a close
// frame nobody answers. Either way the socket ends without a close handshake.

/** What the heartbeat reads and writes of a connection. */
export interface HeartbeatPeer {
  readonly ws: WebSocket
  /** Cleared by each heartbeat round, set again by any pong or frame from the peer. */
  alive: boolean
}

/**
 * One heartbeat round over the open connections: a peer that sent nothing since the
 * previous round (no pong, no frame) is gone and its socket is terminated (its session
 * enters its grace period); every other one is pinged.
 */
export function heartbeatRound(peers: Iterable<HeartbeatPeer>, metrics: Metrics): void {
  for (const peer of peers) {
    if (!peer.alive) {
      metrics.connectionTerminated('heartbeat')
      peer.ws.terminate()
      continue
    }
    peer.alive = false
    peer.ws.ping()
  }
}

/**
 * Arms the end of a socket whose close frame the peer may never answer: `ws` would wait
 * 30 s, and a peer that never reads would hold the socket (and what is buffered for it)
 * that long (rule 23). Cancel it with `clearTimeout` once the socket closes.
 */
export function terminateUnanswered(
  ws: WebSocket,
  metrics: Metrics,
  closeTimeoutMs: number,
): NodeJS.Timeout {
  const timer = setTimeout(terminateIgnored, closeTimeoutMs, ws, metrics)
  timer.unref()
  return timer
}

function terminateIgnored(ws: WebSocket, metrics: Metrics): void {
  if (ws.readyState === ws.CLOSED) return
  metrics.connectionTerminated('close_timeout')
  ws.terminate()
}
