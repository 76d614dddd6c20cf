import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export interface PageServer {
  /** `http://127.0.0.1:port/`: the test page. */
  url: string
  close(): Promise<void>
}

const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chatgate tabs</title></head>
<body><p id="status"></p><script type="module" src="/page.js"></script></body></html>`

/** Bundles `page.ts` from the sources (as an app would bundle the package) and serves it. */
export async function startPageServer(): Promise<PageServer> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    write: false,
    logLevel: 'silent',
  })
  const script = bundle.outputFiles[0]!.contents
  const server = createServer((request, response) => {
    const js = request.url === '/page.js'
    response.writeHead(200, {
      'content-type': js ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
    })
    response.end(js ? script : HTML)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
