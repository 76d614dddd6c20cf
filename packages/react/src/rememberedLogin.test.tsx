import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { expectNothingSent, pageOptions } from '../test/quietPage.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { SignOutButton } from './SignOutButton.js'
import { useLoginStatus } from './useLoginStatus.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const key = () => `chatgate:lastUserID:${live.SDKAppID}`

let formSeen = false
const observer = new MutationObserver(() => {
  formSeen ||= document.querySelector('input[name="userID"]') !== null
})
beforeAll(() => observer.observe(document.body, { childList: true, subtree: true }))
afterEach(() => {
  formSeen = false
})

function Inbox() {
  const userID = useLoginStatus((s) => s.userID)
  return (
    <main>
      <p>Inbox of {userID}</p>
      <SignOutButton />
    </main>
  )
}

/** One page load: a fresh provider and client, as after a reload. */
function loadPage(
  getUserSig: (userID: string) => string | Promise<string> = (id) => live.sign(id),
  remember?: boolean,
) {
  const options = pageOptions(live)
  const page = render(
    <ChatProvider options={options}>
      <LoginGate getUserSig={getUserSig} remember={remember}>
        <Inbox />
      </LoginGate>
    </ChatProvider>,
  )
  return { ...page, frames: options.frames, sockets: options.sockets, timers: options.timers }
}

async function logInWithForm(userID: string) {
  await userEvent.type(screen.getByRole('textbox', { name: 'User ID' }), userID)
  await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
  await screen.findByText(`Inbox of ${userID}`)
}

describe('LoginGate remembers the last UserID (rule 30)', () => {
  test('after a reload the remembered user logs in silently: loading, never the form', async () => {
    const first = loadPage()
    await logInWithForm('mem_amy')
    expect(localStorage.getItem(key())).toBe('mem_amy')
    first.unmount()

    formSeen = false
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    const second = loadPage(getUserSig)
    expect(screen.getByRole('status')).toHaveTextContent('Logging in…')
    await screen.findByText('Inbox of mem_amy')
    expect(formSeen).toBe(false)
    expect(getUserSig).toHaveBeenCalledWith('mem_amy')
    expect(loginFrames(second.frames())).toBe(1)
  })

  test('logout forgets: the next load shows an empty form and sends nothing', async () => {
    const first = loadPage()
    await logInWithForm('mem_bo')
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await screen.findByRole('textbox', { name: 'User ID' })
    expect(localStorage.getItem(key())).toBeNull()
    first.unmount()

    const second = loadPage()
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('')
    await expectNothingSent(second)
  })

  test('after a kick it only prefills the form, on this load and the next (rule 17)', async () => {
    const first = loadPage()
    await logInWithForm('mem_kim')
    await act(() => live.kick('mem_kim'))
    await userEvent.click(await screen.findByRole('button', { name: 'Log in again' }))
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('mem_kim')
    first.unmount()

    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    const second = loadPage(getUserSig)
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('mem_kim')
    await expectNothingSent(second)
    expect(getUserSig).not.toHaveBeenCalled()
  })

  test('a failed silent login shows the form prefilled with the reason, and is not retried', async () => {
    localStorage.setItem(key(), 'mem_lee')
    const first = loadPage(() => {
      throw new Error('backend is down')
    })
    const field = await screen.findByRole('textbox', { name: 'User ID' })
    expect(field).toHaveValue('mem_lee')
    expect(screen.getByRole('status')).toHaveTextContent('Could not sign you in: backend is down')
    first.unmount()
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    loadPage(getUserSig)
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('mem_lee')
    expect(getUserSig).not.toHaveBeenCalled()
  })

  test('remember={false} stores nothing and ignores what is stored', async () => {
    localStorage.setItem(key(), 'mem_old')
    const page = loadPage(undefined, false)
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('')
    await logInWithForm('mem_ned')
    expect(localStorage.getItem(key())).toBe('mem_old')
    expect(loginFrames(page.frames())).toBe(1)
  })
})
