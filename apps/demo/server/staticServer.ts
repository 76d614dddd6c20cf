import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { requestPath } from '@chatgate/server/testing'
import type { DemoRoutes } from './demoRoutes.js'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
}

export interface StaticServer {
  url: string
  close(): Promise<void>
}

/**
 * Serves a built demo (`vite build` output) plus the demo routes over http, the way the
 * browser tests see it. Unknown paths get index.html, so a reload on any URL works.
 */
export async function startStaticServer(options: {
  root: string
  routes: DemoRoutes
  host?: string
  port?: number
}): Promise<StaticServer> {
  const { root, routes, host = '127.0.0.1', port = 0 } = options
  const rootDir = root.endsWith(sep) ? root : root + sep
  const server = createServer((req, res) => {
    routes(req, res, () => {
      const path = requestPath(req)
      if (path === null) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        res.end('Malformed URL.')
        return
      }
      const file = normalize(join(rootDir, path))
      // Files with a known type are served as they are; every other path is the app page.
      const target =
        CONTENT_TYPES[extname(file)] && file.startsWith(rootDir) ? file : `${rootDir}index.html`
      readFile(target).then(
        (data) => {
          res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(target)]! })
          res.end(data)
        },
        () => {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          res.end(`Not found: ${path}. Is the demo built (pnpm --filter @chatgate/demo build)?`)
        },
      )
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const { port: actualPort } = server.address() as AddressInfo
  return {
    url: `http://${host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
