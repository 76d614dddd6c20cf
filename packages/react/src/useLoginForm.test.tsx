import { Chat } from '@chatgate/core'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type LiveServer, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { type LoginFormOptions, useLoginForm } from './useLoginForm.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

/** An app's own fields and button over the kit's form logic. */
function MyLogin(props: LoginFormOptions) {
  const form = useLoginForm(props)
  return (
    <form onSubmit={form.submit} data-state={form.state}>
      <input
        aria-label="Who are you?"
        value={form.userID}
        onChange={(event) => form.setUserID(event.target.value)}
      />
      <button type="submit" disabled={form.pending}>
        Go
      </button>
      <output>{form.errorText}</output>
    </form>
  )
}

function setup(props: LoginFormOptions) {
  const chat = new Chat(live.options())
  render(
    <ChatProvider client={chat}>
      <MyLogin {...props} />
    </ChatProvider>,
  )
  return {
    chat,
    field: screen.getByRole('textbox', { name: 'Who are you?' }),
    button: screen.getByRole('button', { name: 'Go' }),
  }
}

describe('useLoginForm (headless)', () => {
  test('logs in through the app’s own markup; getUserSig gets the UserID', async () => {
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    const onLoggedIn = vi.fn()
    const { chat, field, button } = setup({ getUserSig, onLoggedIn })
    await userEvent.type(field, 'headless_amy')
    await userEvent.click(button)
    await waitFor(() => expect(onLoggedIn).toHaveBeenCalledWith('headless_amy'))
    expect(getUserSig).toHaveBeenCalledWith('headless_amy')
    expect(chat.getLoginUser()).toBe('headless_amy')
    await chat.destroy()
  })

  test('a bad UserID never reaches getUserSig; the code suffix can be turned off (rule 1)', async () => {
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    const { chat, field, button } = setup({ getUserSig, showErrorCode: false })
    await userEvent.type(field, 'no spaces')
    await userEvent.click(button)
    const output = screen.getByRole('status')
    expect(output.textContent).toMatch(/\S/)
    expect(output.textContent).not.toMatch(/\(\d+\)/)
    expect(getUserSig).not.toHaveBeenCalled()
    await chat.destroy()
  })

  test('a throwing getUserSig shows its cause, not "UserSig is missing"', async () => {
    const { chat, field, button } = setup({
      getUserSig: async () => {
        throw new Error('backend is down')
      },
    })
    await userEvent.type(field, 'headless_bo')
    await userEvent.click(button)
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Could not sign you in: backend is down',
      ),
    )
    expect(chat.getLoginStatus()).toBe(3)
    await chat.destroy()
  })
})
