import type { StorybookConfig } from '@storybook/react-vite'
import { mergeConfig } from 'vite'
import { sourceConditions } from '../.config/vitest.shared.js'
import { chatgateDevServer } from './chatgateDevServer.js'

process.env.STORYBOOK_DISABLE_TELEMETRY = '1'

const config: StorybookConfig = {
  stories: ['../packages/react/src/**/*.stories.tsx'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Stories read sibling packages from source; the live stories talk to a Chatgate
  // server this dev server starts on demand (see chatgateDevServer.ts).
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, { ...sourceConditions, plugins: [chatgateDevServer()] }),
}

export default config
