import type { BenchApp } from './benchClient.js'

/** The one app every bench server serves and every bench client signs its UserSigs for. */
export const APP: BenchApp = {
  sdkAppID: 1400000001,
  secretKey: 'bench-secret-key-0123456789abcdef',
}

/** A single login server as the benches start it. */
export const CONFIG = {
  host: '127.0.0.1',
  port: 0,
  apps: [
    {
      SDKAppID: APP.sdkAppID,
      secretKey: APP.secretKey,
      login: { policy: 'all', maxInstances: { web: 1 } },
    },
  ],
  // Every bench client connects from 127.0.0.1: the per-address cap (default 200) would
  // refuse the 10,000 held connections.
  limits: { maxConnections: 20_000, maxConnectionsPerAddress: 20_000 },
}
