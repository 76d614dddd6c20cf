import { Chat } from '@chatgate/core'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { expectNothingSent, pageOptions } from '../test/quietPage.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { DEFAULT_TEXTS } from './messages.js'
import { useLoginStatus } from './useLoginStatus.js'
import { useLogout } from './useLogout.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const markKey = () => `chatgate:kicked:${live.SDKAppID}`
const kickedTexts = DEFAULT_TEXTS.kicked

function Inbox() {
  const userID = useLoginStatus((s) => s.userID)
  const logout = useLogout()
  return (
    <main>
      <p>Inbox of {userID}</p>
      <button type="button" onClick={() => logout.mutate()}>
        Sign out of the app
      </button>
    </main>
  )
}

/**
 * One page load of an app whose own session names `userID` (autoLogin), or, without it,
 * of an app that relies on the gate's remembered UserID. A fresh provider and client, as
 * after a reload; sessionStorage survives, as it does in a reloaded tab.
 */
function loadPage(userID?: string) {
  const options = pageOptions(live)
  const autoLogin = vi.fn(async () =>
    userID ? { userID, getUserSig: (id: string) => live.sign(id) } : null,
  )
  const page = render(
    <ChatProvider options={options} autoLogin={userID ? autoLogin : undefined}>
      <LoginGate getUserSig={(id) => live.sign(id)}>
        <Inbox />
      </LoginGate>
    </ChatProvider>,
  )
  return {
    ...page,
    frames: options.frames,
    sockets: options.sockets,
    timers: options.timers,
    autoLogin,
  }
}

/** Logs `userID` in on another page of the same browser, which kicks this one. */
async function logInElsewhere(userID: string) {
  const other = new Chat(live.options())
  await other.login({ userID, userSig: live.sign(userID) })
  return other
}

describe('a reload after a kick never logs in silently (rules 17 and 30)', () => {
  test('autoLogin does not run: the form is prefilled with the kicked UserID and says why', async () => {
    const first = loadPage('reload_amy')
    await screen.findByText('Inbox of reload_amy')
    const other = await logInElsewhere('reload_amy')
    await screen.findByRole('alertdialog')
    expect(JSON.parse(sessionStorage.getItem(markKey()) ?? 'null')).toEqual({
      type: 'multipleAccount',
      userID: 'reload_amy',
    })
    first.unmount()

    const second = loadPage('reload_amy')
    const field = await screen.findByRole('textbox', { name: 'User ID' })
    expect(field).toHaveValue('reload_amy')
    expect(screen.getByRole('status')).toHaveTextContent(kickedTexts.multipleAccount.text)
    await expectNothingSent(second)
    expect(second.autoLogin).not.toHaveBeenCalled()
    // The other page was not disturbed: its request's reply comes after any push before it.
    await other.getSessions()
    expect(other.isReady()).toBe(true)
    await other.destroy()
  })

  test('a login of the user’s own clears the mark: the next reload logs in silently again', async () => {
    const first = loadPage('reload_bo')
    await screen.findByText('Inbox of reload_bo')
    await act(() => live.kick('reload_bo'))
    await screen.findByRole('alertdialog')
    first.unmount()

    const second = loadPage('reload_bo')
    await screen.findByRole('textbox', { name: 'User ID' })
    expect(screen.getByRole('status')).toHaveTextContent(kickedTexts.REST_API_Kick.text)
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    await screen.findByText('Inbox of reload_bo')
    expect(sessionStorage.getItem(markKey())).toBeNull()
    second.unmount()

    const third = loadPage('reload_bo')
    await screen.findByText('Inbox of reload_bo')
    expect(third.autoLogin).toHaveBeenCalledTimes(1)
    expect(loginFrames(third.frames())).toBe(1)
  })

  test('signing out clears the mark', async () => {
    loadPage('reload_cy')
    await screen.findByText('Inbox of reload_cy')
    await act(() => live.kick('reload_cy'))
    await screen.findByRole('alertdialog')
    expect(sessionStorage.getItem(markKey())).not.toBeNull()
    // Behind the kicked-out dialog the app is still there (jsdom has no inert page).
    await userEvent.click(screen.getByRole('button', { name: 'Sign out of the app' }))
    await waitFor(() => expect(sessionStorage.getItem(markKey())).toBeNull())
  })

  test('with nothing to log in silently, the form still names the kicked UserID and why', async () => {
    const first = loadPage('reload_eli')
    await screen.findByText('Inbox of reload_eli')
    await act(() => live.kick('reload_eli'))
    await screen.findByRole('alertdialog')
    first.unmount()
    localStorage.clear()

    loadPage()
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('reload_eli'),
    )
    expect(screen.getByRole('status')).toHaveTextContent(kickedTexts.REST_API_Kick.text)
  })

  test('the gate’s remembered UserID does not log in either, even if another page remembered it since', async () => {
    const first = loadPage()
    await userEvent.type(screen.getByRole('textbox', { name: 'User ID' }), 'reload_dee')
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    await screen.findByText('Inbox of reload_dee')
    const other = await logInElsewhere('reload_dee')
    await screen.findByRole('alertdialog')
    first.unmount()
    // The other page of this browser logged in and is remembered for silent logins.
    localStorage.setItem(`chatgate:lastUserID:${live.SDKAppID}`, 'reload_dee')

    const second = loadPage()
    const field = await screen.findByRole('textbox', { name: 'User ID' })
    expect(field).toHaveValue('reload_dee')
    expect(screen.getByRole('status')).toHaveTextContent(kickedTexts.multipleAccount.text)
    await expectNothingSent(second)
    await other.getSessions()
    expect(other.isReady()).toBe(true)
    await other.destroy()
  })
})
