// @vitest-environment jsdom
/**
 * The React kit over `fromTencentChat(new Chat(...))`: Chatgate's core has the API of
 * TencentCloudChat, so it stands in for the real SDK here, against the real Chatgate
 * server (the real SDK cannot reach Tencent's service from this machine). Login, kick →
 * KickedOutModal, logout and reconnect go through the adapter, not through core's own
 * snapshot.
 */
import { Chat, type ChatClient, EVENT, type Timers } from '@chatgate/core'
import { ChatProvider, LoginGate, useLogin, useLoginStatus, useLogout } from '@chatgate/react'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { type ReactNode, StrictMode, useEffect } from 'react'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import { manualTimers } from '../../core/test/helpers/manualTimers.js'
import { fromTencentChat } from '../src/index.js'

let dev: DevServer
beforeAll(async () => {
  dev = await startDevServer()
})
afterAll(() => dev.close())
// The gate remembers the last UserID and restores it silently; each test starts afresh.
beforeEach(() => localStorage.clear())

/** A core client of the dev server whose sockets a test can cut, and the adapter over it. */
function tencentClient(timers?: Timers) {
  const sockets: WebSocket[] = []
  class RecordingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      sockets.push(this)
    }
  }
  const chat = new Chat(
    dev.clientOptions({ WebSocket: RecordingWebSocket, ...(timers ? { timers } : {}) }),
  )
  const login = vi.spyOn(chat, 'login')
  const client = fromTencentChat(chat)
  return { chat, client, login, sockets }
}

async function online(userID: string): Promise<string> {
  const [result] = await dev.onlineStatus([userID])
  return result?.Status ?? 'missing'
}

function Inbox() {
  const userID = useLoginStatus((s) => s.userID)
  const netState = useLoginStatus((s) => s.netState)
  const logout = useLogout()
  return (
    <main>
      <p>Inbox of {userID || 'nobody'}</p>
      <p data-testid="net">{netState}</p>
      <button type="button" onClick={() => logout.mutate()}>
        Log out
      </button>
    </main>
  )
}

/** The app, recording every login status it renders with. */
function WatchStatus({ seen }: { seen: number[] }) {
  seen.push(useLoginStatus((s) => s.loginStatus))
  return <Inbox />
}

/** Logs in from an effect, as many apps do on page load. */
function AutoLogin({ userID }: { userID: string }) {
  const { mutate, isSuccess } = useLogin()
  useEffect(() => {
    mutate({ userID, getUserSig: () => dev.sign(userID) })
  }, [mutate, userID])
  return <p data-testid="auto">{isSuccess ? 'done' : 'waiting'}</p>
}

function Kit({ client, children }: { client: ChatClient; children?: ReactNode }) {
  return (
    <ChatProvider client={client} SDKAppID={dev.SDKAppID}>
      <LoginGate getUserSig={(userID) => dev.sign(userID)}>{children ?? <Inbox />}</LoginGate>
    </ChatProvider>
  )
}

async function logInWithForm(userID: string) {
  const field = screen.getByRole('textbox', { name: 'User ID' })
  // After a kick the form may come prefilled with the kicked UserID.
  await userEvent.clear(field)
  await userEvent.type(field, userID)
  await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
  await screen.findByText(`Inbox of ${userID}`)
}

describe('the React kit over fromTencentChat', () => {
  test('login → admin kick → KickedOutModal → log in again → logout', async () => {
    // The client's timers (reconnects, heartbeat, request timeouts) run when the test says.
    const timers = manualTimers()
    const { client, login } = tencentClient(timers)
    render(<Kit client={client} />)
    await logInWithForm('tc_amy')
    expect(await online('tc_amy')).toBe('Online')

    await act(() => dev.kick('tc_amy'))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog).toHaveAttribute('data-kick-type', 'REST_API_Kick')
    expect(screen.getByRole('main')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Log in again' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveFocus()
    // Rule 17: no login by itself after the kick, however long it waits: nothing is even
    // scheduled.
    act(() => timers.advance(3_600_000))
    expect(timers.pending).toBe(0)
    expect(login).toHaveBeenCalledTimes(1)
    expect(client.getSnapshot().loginStatus).toBe(3)

    await logInWithForm('tc_amy')
    await userEvent.click(screen.getByRole('button', { name: 'Log out' }))
    await screen.findByRole('textbox', { name: 'User ID' })
    expect(await online('tc_amy')).toBe('Offline')
    await client.destroy()
  })

  test('a second page of the same user pushes this one out: the modal says multipleAccount', async () => {
    const { client } = tencentClient()
    render(<Kit client={client} />)
    await logInWithForm('tc_ben')
    const other = new Chat(dev.clientOptions())
    await act(() => other.login({ userID: 'tc_ben', userSig: dev.sign('tc_ben') }))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog).toHaveAttribute('data-kick-type', 'multipleAccount')
    expect(client.getSnapshot().kick).toMatchObject({ type: 'multipleAccount', userID: 'tc_ben' })
    await other.destroy()
    await client.destroy()
  })

  test('a dropped socket reconnects by itself: the app stays, no new SDK_READY, no new login', async () => {
    const { client, login, sockets } = tencentClient()
    let readyEvents = 0
    client.on(EVENT.SDK_READY, () => readyEvents++)
    const statuses: number[] = []
    render(
      <Kit client={client}>
        <WatchStatus seen={statuses} />
      </Kit>,
    )
    await logInWithForm('tc_cat')
    expect(readyEvents).toBe(1)
    act(() => sockets.at(-1)!.terminate())
    await waitFor(() => expect(screen.getByTestId('net')).toHaveTextContent('connecting'))
    await waitFor(() => expect(screen.getByTestId('net')).toHaveTextContent('connected'))
    expect(sockets.length).toBeGreaterThan(1)
    expect(readyEvents).toBe(1)
    expect(login).toHaveBeenCalledTimes(1)
    expect(new Set(statuses)).toEqual(new Set([1]))
    expect(screen.getByText('Inbox of tc_cat')).toBeInTheDocument()
    await client.destroy()
  })

  test('after a reload the remembered UserID logs in silently through the adapter (rule 30)', async () => {
    const first = tencentClient()
    const { unmount } = render(<Kit client={first.client} />)
    await logInWithForm('tc_eve')
    unmount()
    // The page reloads: a new instance, a new adapter; the user never sees the form.
    const second = tencentClient()
    render(<Kit client={second.client} />)
    expect(screen.queryByRole('textbox', { name: 'User ID' })).toBeNull()
    await screen.findByText('Inbox of tc_eve')
    expect(second.login).toHaveBeenCalledTimes(1)
    expect(second.client.getSnapshot()).toMatchObject({ loginStatus: 1, userID: 'tc_eve' })
    await second.client.destroy()
    await first.client.destroy()
  })

  test('StrictMode: an app that logs in from an effect reaches the SDK with one login', async () => {
    const { client, login } = tencentClient()
    render(
      <StrictMode>
        <ChatProvider client={client}>
          <AutoLogin userID="tc_dan" />
        </ChatProvider>
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('auto')).toHaveTextContent('done'))
    expect(client.getSnapshot()).toMatchObject({ loginStatus: 1, userID: 'tc_dan', ready: true })
    expect(login).toHaveBeenCalledTimes(1)
    await client.destroy()
  })
})
