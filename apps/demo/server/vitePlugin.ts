import type { Plugin } from 'vite'
import type { DemoRoutes } from './demoRoutes.js'

/** Mounts the demo's server-side routes on Vite's dev and preview servers. */
export function demoRoutesPlugin(routes: DemoRoutes): Plugin {
  return {
    name: 'chatgate-demo-routes',
    configureServer(server) {
      server.middlewares.use(routes)
    },
    configurePreviewServer(server) {
      server.middlewares.use(routes)
    },
  }
}
