// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'

describe('server rendering', () => {
  test('imports and renders a provider with a gate in Node without a DOM', async () => {
    expect(typeof document).toBe('undefined')
    expect(typeof window).toBe('undefined')
    const { ChatProvider, LoginGate } = await import('../src/index.js')
    const { zhCN } = await import('../src/zhCN.js')
    const html = renderToString(
      <ChatProvider
        options={{ SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' }}
        locale="zh-CN"
        texts={zhCN}
      >
        <LoginGate getUserSig={() => 'never-called'}>
          <main>app</main>
        </LoginGate>
      </ChatProvider>,
    )
    expect(html).toContain('<form')
    expect(html).toContain('用户 ID')
    expect(html).toContain('data-state="idle"')
    expect(html).not.toContain('app</main>')
    expect(html).not.toContain('dialog')
  })
})
