import { Chat, type KickInfo } from '@chatgate/core'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { expectNoAxeViolations } from '../test/axe.js'
import { type LiveServer, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { KickedOutModal } from './KickedOutModal.js'
import { LoginGate } from './LoginGate.js'
import { SignOutButton } from './SignOutButton.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

describe('LoginGate, customised', () => {
  test('passes the form props through and reports kicks and "Log in again"', async () => {
    const chat = new Chat(live.options())
    const onLoggedIn = vi.fn()
    const onKicked = vi.fn()
    const onLogInAgain = vi.fn()
    render(
      <ChatProvider client={chat}>
        <LoginGate
          getUserSig={(userID) => live.sign(userID)}
          defaultUserID="custom_amy"
          heading="Welcome back"
          className="my-login"
          onLoggedIn={onLoggedIn}
          onKicked={onKicked}
          onLogInAgain={onLogInAgain}
        >
          <main>app</main>
        </LoginGate>
      </ChatProvider>,
    )
    const form = screen.getByRole('form', { name: 'Welcome back' })
    expect(form).toHaveClass('chatgate-login-form', 'my-login')
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('custom_amy')
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    await screen.findByText('app')
    expect(onLoggedIn).toHaveBeenCalledWith('custom_amy')

    await act(() => live.kick('custom_amy'))
    await screen.findByRole('alertdialog')
    expect(onKicked).toHaveBeenCalledTimes(1)
    expect(onKicked.mock.calls[0]?.[0]).toMatchObject({
      type: 'REST_API_Kick',
      userID: 'custom_amy',
    } satisfies Partial<KickInfo>)
    expect(onLogInAgain).not.toHaveBeenCalled()
    await userEvent.click(screen.getByRole('button', { name: 'Log in again' }))
    expect(onLogInAgain).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('custom_amy')
    await chat.destroy()
  })

  test('only one kicked-out dialog opens when the app renders its own beside the gate’s', async () => {
    const chat = new Chat(live.options())
    const onLogInAgain = vi.fn()
    render(
      <ChatProvider client={chat}>
        <LoginGate getUserSig={(userID) => live.sign(userID)} onLogInAgain={onLogInAgain}>
          <main>app</main>
        </LoginGate>
        <KickedOutModal className="app-dialog">
          <p>Your session moved to another tab.</p>
        </KickedOutModal>
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'custom_bo', userSig: live.sign('custom_bo') }))
    await act(() => live.kick('custom_bo'))
    const dialog = await screen.findByRole('alertdialog')
    expect(screen.getAllByRole('alertdialog')).toHaveLength(1)
    expect(document.querySelectorAll('dialog')).toHaveLength(1)
    // The app's own dialog wins, with its own body as the description.
    expect(dialog).toHaveClass('app-dialog')
    expect(dialog).toHaveAccessibleDescription('Your session moved to another tab.')
    await expectNoAxeViolations()
    await userEvent.click(screen.getByRole('button', { name: 'Log in again' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    // The gate hears the acknowledgement made in the app's dialog.
    expect(onLogInAgain).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('custom_bo')
    await chat.destroy()
  })

  test('<SignOutButton> is busy while the logout runs, then the form is back', async () => {
    const chat = new Chat(live.options())
    const onSignedOut = vi.fn()
    render(
      <ChatProvider client={chat}>
        <LoginGate getUserSig={(userID) => live.sign(userID)}>
          <SignOutButton onSignedOut={onSignedOut} />
        </LoginGate>
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'custom_cy', userSig: live.sign('custom_cy') }))
    const button = screen.getByRole('button', { name: 'Sign out' })
    await expectNoAxeViolations()
    await userEvent.click(button)
    await waitFor(() => expect(onSignedOut).toHaveBeenCalledTimes(1))
    expect(chat.getSnapshot().loginStatus).toBe(3)
    expect(await live.status('custom_cy')).toBe('Offline')
    expect(screen.getByRole('textbox', { name: 'User ID' })).toBeInTheDocument()
    await chat.destroy()
  })

  test('<SignOutButton appSignOut> ends the app’s session first, and keeps the chat if that fails', async () => {
    const chat = new Chat(live.options())
    const order: string[] = []
    let fail = true
    const appSignOut = vi.fn(async () => {
      order.push(`app:${chat.getLoginStatus()}`)
      if (fail) throw new Error('the app could not sign out')
    })
    chat.on('sdkStateNotReady', () => order.push('chat'))
    render(
      <ChatProvider client={chat}>
        <LoginGate getUserSig={(userID) => live.sign(userID)}>
          <SignOutButton appSignOut={appSignOut} />
        </LoginGate>
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'custom_eli', userSig: live.sign('custom_eli') }))
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sign out' })).toBeEnabled())
    // The app's sign-out failed: the chat stays logged in.
    expect(order).toEqual(['app:1'])
    expect(chat.isReady()).toBe(true)

    fail = false
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await screen.findByRole('textbox', { name: 'User ID' })
    expect(order).toEqual(['app:1', 'app:1', 'chat'])
    expect(await live.status('custom_eli')).toBe('Offline')
    await chat.destroy()
  })

  test('<SignOutButton> shows "Signing out…" and is disabled while pending', async () => {
    let release: () => void = () => {}
    const chat = new Chat(live.options())
    await chat.login({ userID: 'custom_dee', userSig: live.sign('custom_dee') })
    const client = {
      ...chatMethods(chat),
      logout: () => new Promise<never>(() => (release = () => {})),
    }
    render(
      <ChatProvider client={client}>
        <SignOutButton />
      </ChatProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    const busy = screen.getByRole('button', { name: 'Signing out…' })
    expect(busy).toBeDisabled()
    expect(busy).toHaveAttribute('aria-busy', 'true')
    expect(busy).toHaveAttribute('data-state', 'pending')
    release()
    await chat.destroy()
  })
})

/** A `Chat`'s ChatClient methods as a plain object (the kit needs nothing more). */
function chatMethods(chat: Chat) {
  return {
    subscribe: chat.subscribe,
    getSnapshot: chat.getSnapshot,
    login: chat.login.bind(chat),
    logout: chat.logout.bind(chat),
    destroy: chat.destroy.bind(chat),
    getSessions: chat.getSessions,
    endSession: chat.endSession,
    endOtherSessions: chat.endOtherSessions,
    on: chat.on.bind(chat),
    off: chat.off.bind(chat),
  }
}
