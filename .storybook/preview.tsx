import type { Decorator, Preview } from '@storybook/react-vite'
import type { Locale } from '../packages/protocol/src/index.js'
import { ChatProvider } from '../packages/react/src/index.js'
import { zhCN } from '../packages/react/src/zhCN.js'
import '../packages/react/src/styles.css'

/**
 * Presentational stories get a provider whose client points at a port nothing listens on:
 * a client does no network work before `login`, and these stories never log in.
 * Live stories set `parameters.chatProvider: false` and bring their own.
 */
const withChat: Decorator = (Story, context) => {
  if (context.parameters.chatProvider === false) return <Story />
  const locale = (context.parameters.locale as Locale | undefined) ?? 'en'
  return (
    <ChatProvider
      options={{ SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' }}
      locale={locale}
      texts={locale === 'zh-CN' ? zhCN : undefined}
    >
      <Story />
    </ChatProvider>
  )
}

const preview: Preview = {
  decorators: [withChat],
  // Stories share one page: what one leaves in storage (a remembered UserID, a kick
  // mark) must not reach the next, whatever order they run in.
  beforeEach: () => {
    localStorage.clear()
    sessionStorage.clear()
  },
  parameters: {
    // Every story fails its test on any axe violation.
    a11y: { test: 'error' },
    layout: 'centered',
    // The narrow screenshots: `globals: { viewport: { value: 'phone360' } }` in a story.
    viewport: {
      options: {
        phone360: {
          name: 'Phone, 360 px',
          styles: { width: '360px', height: '740px' },
          type: 'mobile',
        },
      },
    },
  },
}

export default preview
