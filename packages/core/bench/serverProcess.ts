// The login server for the client bench, in its own process so that the clients being
// measured do not share an event loop with it. Prints `{"port":…}` once listening.
import { startServer } from '@chatgate/server'

const server = await startServer(
  {
    host: '127.0.0.1',
    port: 0,
    apps: [
      {
        SDKAppID: 1400000001,
        secretKey: 'client-bench-key-0123456789',
        login: { policy: 'all', maxInstances: { web: 10 } },
      },
    ],
    registry: { kind: 'memory' },
    dev: { usersigEndpoint: true },
    // Every bench user logs in dozens of times a second: lift the per-user login rate.
    limits: { loginsPerUserPerMinute: 100_000 },
  },
  {
    logLevel: 'error',
    rateLimit: { windowMs: 60_000, maxFailuresPerAddress: 1e9, maxFailuresPerUser: 1e9 },
  },
)
console.log(JSON.stringify({ port: server.port }))
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
