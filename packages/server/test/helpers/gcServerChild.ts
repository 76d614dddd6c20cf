// A login server in a process of its own that runs a full GC when asked and says what live
// objects then hold, so a test can tell what the server keeps from garbage a burst of
// traffic left for the collector. Started by `startGcServer` (gcServer.ts), `--expose-gc`.
import { startServer } from '../../src/startServer.js'

export type GcServerRequest = { op: 'start'; config: unknown } | { op: 'gc' }

const gc = (globalThis as { gc?: () => void }).gc!

process.on('message', async (request: GcServerRequest) => {
  if (request.op === 'start') {
    const server = await startServer(request.config as Parameters<typeof startServer>[0], {
      logLevel: 'error',
    })
    process.send!({ port: server.port, url: server.url, wsUrl: server.wsUrl })
    return
  }
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const { heapUsed, external } = process.memoryUsage()
  process.send!({ retained: heapUsed + external })
})
