import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { sourceConditions } from '../../.config/vitest.shared.js'

// The demo reads the @chatgate packages from their sources (the `source` condition), so
// `pnpm dev` and `vite build` need no package build first.
export default defineConfig({
  ...sourceConditions,
  root: fileURLToPath(new URL('.', import.meta.url)),
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
  // The dev server serves any file under the workspace on request; the demo's Node side
  // (with the dev secret key) and scripts must never be among them.
  server: {
    fs: {
      deny: [
        '.env',
        '.env.*',
        '*.{crt,pem}',
        '**/.git/**',
        '**/apps/demo/server/**',
        '**/apps/demo/scripts/**',
      ],
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
})
