import { Chat } from '@chatgate/core'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { renderToString } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { manualTimers } from '../../core/test/helpers/manualTimers.js'
import { expectNoAxeViolations } from '../test/axe.js'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { useLoginStatus } from './useLoginStatus.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

function Inbox() {
  const userID = useLoginStatus((s) => s.userID)
  return <main>Inbox of {userID || 'nobody'}</main>
}

describe('LoginGate', () => {
  test('login → app → admin kick → dialog over the app → back to the login form (rules 13, 17)', async () => {
    // The client's timers (reconnects, heartbeat, request timeouts) run when the test says.
    const timers = manualTimers()
    const options = { ...live.options(), timers }
    const chat = new Chat(options)
    render(
      <ChatProvider client={chat}>
        <LoginGate getUserSig={(userID) => live.sign(userID)}>
          <Inbox />
        </LoginGate>
      </ChatProvider>,
    )
    const field = screen.getByRole('textbox', { name: 'User ID' })
    expect(field).toHaveFocus()
    await expectNoAxeViolations()
    await userEvent.type(field, 'gate_dan')
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    await screen.findByText('Inbox of gate_dan')
    expect(screen.queryByRole('textbox')).toBeNull()

    await act(() => live.kick('gate_dan'))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog).toHaveAttribute('data-kick-type', 'REST_API_Kick')
    // The app stays behind the dialog until the user acknowledges it.
    expect(screen.getByRole('main')).toBeInTheDocument()
    await expectNoAxeViolations()

    await userEvent.click(screen.getByRole('button', { name: 'Log in again' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(screen.queryByRole('main')).toBeNull()
    // The app element focused before the kick is gone; focus lands on the form instead,
    // prefilled with the UserID that was kicked (KickInfo names it).
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('gate_dan')
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveFocus()
    await expectNoAxeViolations()
    // rule 17: no login by itself after the kick, however long it waits: nothing is even
    // scheduled.
    act(() => timers.advance(3_600_000))
    expect(timers.pending).toBe(0)
    expect(loginFrames(options.frames())).toBe(1)
    expect(chat.getLoginStatus()).toBe(3)

    // And the user can log in again at once.
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    await screen.findByText('Inbox of gate_dan')
    await chat.destroy()
  })

  test('while the status is 2 (logging in, started elsewhere) the form is pending (rule 9)', async () => {
    const chat = new Chat(live.options())
    render(
      <ChatProvider client={chat}>
        <LoginGate getUserSig={(userID) => live.sign(userID)}>
          <Inbox />
        </LoginGate>
      </ChatProvider>,
    )
    const button = screen.getByRole('button', { name: 'Log in' })
    expect(button).toBeEnabled()
    let done: Promise<unknown> = Promise.resolve()
    act(() => {
      done = chat.login({ userID: 'gate_hal', userSig: live.sign('gate_hal') })
    })
    expect(button).toBeDisabled()
    await act(() => done)
    expect(screen.getByText('Inbox of gate_hal')).toBeInTheDocument()
    await chat.destroy()
  })

  test('shows a given element instead of the form while logged out', async () => {
    const chat = new Chat(live.options())
    render(
      <ChatProvider client={chat}>
        <LoginGate fallback={<p>Use the company login</p>}>
          <Inbox />
        </LoginGate>
      </ChatProvider>,
    )
    expect(screen.getByText('Use the company login')).toBeInTheDocument()
    await act(() => chat.login({ userID: 'gate_eve', userSig: live.sign('gate_eve') }))
    expect(screen.getByText('Inbox of gate_eve')).toBeInTheDocument()
    await act(() => chat.logout())
    await waitFor(() => expect(screen.getByText('Use the company login')).toBeInTheDocument())
    await chat.destroy()
  })

  test('hydrates server-rendered markup without mismatch', async () => {
    const tree = (
      <ChatProvider options={live.options()}>
        <LoginGate getUserSig={(userID) => live.sign(userID)}>
          <Inbox />
        </LoginGate>
      </ChatProvider>
    )
    const container = document.createElement('div')
    container.innerHTML = renderToString(tree)
    document.body.append(container)
    const errors: unknown[] = []
    const { hydrateRoot } = await import('react-dom/client')
    const root = hydrateRoot(container, tree, { onRecoverableError: (e) => errors.push(e) })
    await act(async () => {})
    expect(errors).toEqual([])
    expect(screen.getByRole('textbox', { name: 'User ID' })).toBeInTheDocument()
    act(() => root.unmount())
    container.remove()
  })
})
