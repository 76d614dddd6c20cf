// Clients that flood a server with small requests, for the tests and the bench alike.
import { signUserSig } from '@chatgate/usersig'
import type { WebSocket } from 'ws'

/**
 * Sends frames of about 30 bytes (unknown ops, each answered with an error) until `bytes`
 * went out, `stop()` says so, or the socket closed, letting it drain to 1 MiB between batches.
 */
export async function flood(
  ws: WebSocket,
  bytes: number,
  stop: () => boolean = () => false,
): Promise<number> {
  let sent = 0
  let seq = 0
  while (sent < bytes && !stop() && ws.readyState === ws.OPEN) {
    for (let i = 0; i < 1000; i++) {
      const frame = `{"op":"nope","seq":${++seq}}`
      ws.send(frame)
      sent += frame.length
    }
    while (ws.bufferedAmount > 2 ** 20 && !stop() && ws.readyState === ws.OPEN) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  return sent
}

/** Login frames for an app, by UserID, each with a fresh UserSig. */
export function loginFrameFor(app: { sdkAppID: number; secretKey: string }) {
  return (userID: string) =>
    JSON.stringify({
      op: 'login',
      seq: 1,
      sdkAppID: app.sdkAppID,
      userID,
      userSig: signUserSig({ ...app, userID, expireSeconds: 86_400 }),
      platform: 'web',
    })
}

/** How many connections the server at `httpUrl` has closed at the send cap (4009), from /metrics. */
export async function closedAtTheCap(httpUrl: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text()
  return Number(/^chatgate_connection_closes_total\{code="4009"\} (\d+)$/m.exec(text)?.[1] ?? 0)
}

/** Reads `closedAtTheCap` every 100 ms, for floods to stop on; `stop()` ends the polling. */
export function watchCapCloses(httpUrl: string): { readonly closed: number; stop(): void } {
  let closed = 0
  const timer = setInterval(() => {
    closedAtTheCap(httpUrl).then(
      (n) => {
        closed = n
      },
      () => {},
    )
  }, 100)
  return {
    get closed() {
      return closed
    },
    stop: () => clearInterval(timer),
  }
}
