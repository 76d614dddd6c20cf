import { Chat } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import { render, screen } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { ChatProvider } from './ChatProvider.js'
import { LoginForm } from './LoginForm.js'
import type { ChatTextsOverrides } from './messages.js'
import { zhCN } from './zhCN.js'

// Nothing here logs in: a client does no network work before `login`.
const nowhere = () => new Chat({ SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' })

function form(props: { locale?: Locale; texts?: ChatTextsOverrides }) {
  return render(
    <ChatProvider client={nowhere()} {...props}>
      <LoginForm getUserSig={() => 'never-called'} />
    </ChatProvider>,
  )
}

describe('languages', () => {
  test('the kit speaks English unless texts say otherwise', () => {
    form({})
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument()
  })

  test('a whole table, `zhCN`, as texts; spread, it changes field by field', () => {
    const { unmount } = form({ locale: 'zh-CN', texts: zhCN })
    expect(screen.getByRole('heading', { name: zhCN.heading })).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: '用户 ID' })).toBeInTheDocument()
    unmount()
    form({ locale: 'zh-CN', texts: { ...zhCN, heading: '欢迎' } })
    expect(screen.getByRole('heading', { name: '欢迎' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: zhCN.logIn })).toBeInTheDocument()
  })

  test('a locale without texts warns once per page, naming the entry to import', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const { unmount } = form({ locale: 'zh-CN', texts: zhCN })
      unmount()
      form({ locale: 'en' }).unmount()
      expect(warn).not.toHaveBeenCalled()
      // English words then, beside the locale's dates: the warning says how to fix it.
      form({ locale: 'zh-CN' }).unmount()
      form({ locale: 'zh-CN' })
      expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument()
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0]?.[0]).toContain("'@chatgate/react/zh-CN'")
    } finally {
      warn.mockRestore()
    }
  })
})
