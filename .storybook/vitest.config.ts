import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { playwright } from '@vitest/browser-playwright'
import { defineProject } from 'vitest/config'
import { CHROMIUM_LAUNCH_OPTIONS } from '../.config/chromium.js'
import { sourceConditions } from '../.config/vitest.shared.js'

const configDir = fileURLToPath(new URL('.', import.meta.url))

/**
 * Every story as a test: rendered in Debian's Chromium, its play function run, and axe
 * checked (`a11y.test = 'error'` in preview.tsx). The root run picks this project up
 * through packages/react/vitest.config.ts.
 */
export default defineProject({
  ...sourceConditions,
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [storybookTest({ configDir })],
  optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', '@tanstack/react-query'] },
  test: {
    name: 'storybook',
    setupFiles: ['./.storybook/vitest.setup.ts'],
    browser: {
      enabled: true,
      // Storybook's plugin turns file writes off unless asked: the look stories save
      // screenshots (vitest.setup.ts). The API stays on loopback.
      api: { host: '127.0.0.1', allowWrite: true },
      headless: true,
      provider: playwright({
        launchOptions: CHROMIUM_LAUNCH_OPTIONS,
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
