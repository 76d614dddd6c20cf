import { Chat } from '@chatgate/core'
import { ChatError, ERROR_CODES, errorMessage } from '@chatgate/protocol'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { expectNoAxeViolations } from '../test/axe.js'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginForm } from './LoginForm.js'
import { DEFAULT_TEXTS } from './messages.js'
import { zhCN } from './zhCN.js'

/** The kit's texts of each locale, as an app passes them. */
const TEXTS = { en: DEFAULT_TEXTS, 'zh-CN': zhCN }

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

function setup(getUserSig: (userID: string) => string | Promise<string>, locale?: 'zh-CN') {
  const options = live.options()
  const chat = new Chat(options)
  const onLoggedIn = vi.fn()
  render(
    <ChatProvider client={chat} locale={locale} texts={locale && zhCN}>
      <LoginForm getUserSig={getUserSig} onLoggedIn={onLoggedIn} showErrorCode />
    </ChatProvider>,
  )
  const field = screen.getByRole('textbox', { name: locale ? '用户 ID' : 'User ID' })
  const button = screen.getByRole('button', { name: locale ? '登录' : 'Log in' })
  return { chat, frames: options.frames, onLoggedIn, field, button }
}

describe('LoginForm', () => {
  test('logs in against the server with the sig from getUserSig', async () => {
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    const { chat, onLoggedIn, field, button } = setup(getUserSig)
    await expectNoAxeViolations()
    await userEvent.type(field, 'form_alice')
    await userEvent.click(button)
    await waitFor(() => expect(onLoggedIn).toHaveBeenCalledWith('form_alice'))
    expect(getUserSig).toHaveBeenCalledWith('form_alice')
    expect(chat.getLoginUser()).toBe('form_alice')
    expect(await live.status('form_alice')).toBe('Online')
    await chat.destroy()
  })

  test('an invalid UserID is refused before any network traffic, value kept (rule 1)', async () => {
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    const { chat, frames, field, button } = setup(getUserSig)
    await userEvent.type(field, 'bad id!')
    await userEvent.click(button)
    const status = screen.getByRole('status')
    expect(status).toHaveTextContent(
      `${errorMessage(ERROR_CODES.USER_ID_INVALID)} (${ERROR_CODES.USER_ID_INVALID})`,
    )
    expect(status).toHaveAttribute('aria-live', 'polite')
    expect(field).toHaveValue('bad id!')
    expect(field).toHaveAttribute('aria-invalid', 'true')
    expect(field).toHaveAccessibleDescription(status.textContent ?? '')
    expect(getUserSig).not.toHaveBeenCalled()
    expect(frames()).toEqual([])
    expect(chat.getLoginStatus()).toBe(3)
    await expectNoAxeViolations()
    // 33 characters is one too many.
    await userEvent.clear(field)
    await userEvent.type(field, 'a'.repeat(33))
    await userEvent.click(button)
    expect(status).toHaveTextContent(`(${ERROR_CODES.USER_ID_INVALID})`)
    expect(frames()).toEqual([])
  })

  test('disables while pending and sends one login however often it is submitted', async () => {
    let release: (sig: string) => void = () => {}
    const { chat, frames, field, button } = setup(
      () => new Promise<string>((resolve) => (release = resolve)),
    )
    await userEvent.type(field, 'form_pending')
    await userEvent.click(button)
    await waitFor(() => expect(button).toBeDisabled())
    expect(field).toHaveAttribute('readonly')
    await expectNoAxeViolations()
    await userEvent.type(field, '{Enter}')
    release(live.sign('form_pending'))
    await waitFor(() => expect(chat.isReady()).toBe(true))
    expect(button).toBeEnabled()
    expect(loginFrames(frames())).toBe(1)
    await chat.destroy()
  })

  test('a refusal shows its code and what to do; the user can retry at once (rule 7)', async () => {
    let key: string | undefined = 'someone-elses-key-0123456789'
    const { chat, field, button } = setup((userID) => live.sign(userID, { secretKey: key }))
    await userEvent.type(field, 'form_retry')
    await userEvent.click(button)
    const status = screen.getByRole('status')
    await waitFor(() => expect(status).toHaveTextContent(`(${ERROR_CODES.USER_SIG_BAD_SIGNATURE})`))
    expect(status).toHaveTextContent(DEFAULT_TEXTS.refused)
    expect(field).toHaveValue('form_retry')
    expect(button).toBeEnabled()
    expect(chat.getLoginStatus()).toBe(3)
    await expectNoAxeViolations()
    key = undefined
    await userEvent.click(button)
    await waitFor(() => expect(chat.isReady()).toBe(true))
    expect(status).toBeEmptyDOMElement()
    await chat.destroy()
  })

  test('a sig of another UserID shows 70013 in Simplified Chinese (rule 2)', async () => {
    const { chat, field, button } = setup(() => live.sign('someone_else'), 'zh-CN')
    await userEvent.type(field, 'form_zh')
    await userEvent.click(button)
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(`${zhCN.refused} (70013)`),
    )
    await expectNoAxeViolations()
    await chat.destroy()
  })

  test('texts and error messages can be overridden', async () => {
    render(
      <ChatProvider
        options={live.options()}
        texts={{ userIDLabel: 'Account', logIn: 'Sign in', errors: { 90006: 'Letters only.' } }}
      >
        <LoginForm getUserSig={(userID) => live.sign(userID)} />
      </ChatProvider>,
    )
    await userEvent.type(screen.getByRole('textbox', { name: 'Account' }), 'x y')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(screen.getByRole('status')).toHaveTextContent(/^Letters only\.$/)
  })

  test('errors say in plain words what to do, per kind and locale; the code only when asked', () => {
    const kinds = [
      [ERROR_CODES.NETWORK_ERROR, 'unreachable'],
      [ERROR_CODES.REQUEST_TIMEOUT, 'unreachable'],
      [ERROR_CODES.REGISTRY_UNAVAILABLE, 'unreachable'],
      [ERROR_CODES.USER_SIG_MALFORMED, 'refused'],
      [ERROR_CODES.ACCOUNT_BLOCKLISTED, 'refused'],
      [ERROR_CODES.TOO_MANY_FAILED_LOGINS, 'tooManyAttempts'],
      [ERROR_CODES.USER_ID_INVALID, 'invalidUserID'],
    ] as const
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const [code, kind] of kinds) {
        for (const showErrorCode of [undefined, true]) {
          const error = new ChatError(code, 'The server’s own words.')
          const { unmount } = render(
            <ChatProvider options={live.options()} locale={locale} texts={TEXTS[locale]}>
              <LoginForm getUserSig={() => ''} error={error} showErrorCode={showErrorCode} />
            </ChatProvider>,
          )
          const text = TEXTS[locale][kind]
          expect(screen.getByRole('status').textContent).toBe(
            showErrorCode ? `${text} (${code})` : text,
          )
          unmount()
        }
      }
    }
  })

  test('a getUserSig that throws is shown as a missing sig, not a crash', async () => {
    const { field, button } = setup(() => {
      throw new Error('backend down')
    })
    await userEvent.type(field, 'form_nosig')
    await userEvent.click(button)
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(`(${ERROR_CODES.USER_SIG_MISSING})`),
    )
  })
})
