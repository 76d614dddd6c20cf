import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { sourceConditions } from '../../.config/vitest.shared.js'

// The demo reads the @chatgate packages from their sources (the `source` condition), so
// `pnpm dev` and `vite build` need no package build first.
const appDir = fileURLToPath(new URL('.', import.meta.url))
const workspace = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  ...sourceConditions,
  root: appDir,
  plugins: [react()],
  resolve: { ...sourceConditions.resolve, dedupe: ['react', 'react-dom'] },
  // Pre-bundled up front: a dependency first found mid-session makes Vite reload the page,
  // which would log the user out of the demo.
  optimizeDeps: {
    include: [
      'react',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      'react-dom',
      'react-dom/client',
      '@tanstack/react-query',
    ],
  },
  // Vite's dev server hands out files on request (`/@fs/…`, `?raw`). By default that is the
  // whole workspace, root included, where a `chatgate.json` with secret keys may sit. It
  // may serve only what the page is built from: this app, the workspace packages' sources
  // (read through the `source` condition) and installed dependencies. Whatever looks like
  // a secret, and the demo's Node side (with its dev key), is refused even there.
  server: {
    fs: {
      strict: true,
      allow: [appDir, `${workspace}packages`, `${workspace}node_modules`],
      deny: [
        '.env',
        '.env.*',
        '*.{crt,pem,key}',
        'chatgate*.json',
        '**/secrets/**',
        '**/.git/**',
        '**/apps/demo/server/**',
        '**/apps/demo/scripts/**',
      ],
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
})
