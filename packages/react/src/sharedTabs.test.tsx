import { Chat, type ChatClient } from '@chatgate/core'
import { act, render, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode } from 'react'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type WebSocket from 'ws'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { sharedBrowser, type TabOptions } from '../test/sharedBrowser.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { DEFAULT_TEXTS } from './messages.js'
import { useChat } from './useChat.js'
import { useLoginStatus } from './useLoginStatus.js'
import { useLogout } from './useLogout.js'

// Each provider rendered here is one tab of a browser profile whose tabs share the session
// (rule 32): Web Locks faked, Node's BroadcastChannel, the real login server.

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const kickedTexts = DEFAULT_TEXTS.kicked
const markKey = () => `chatgate:kicked:${live.SDKAppID}`
const admissions = () => live.metric('chatgate_logins_total{resumed="false"}')

function Inbox() {
  const userID = useLoginStatus((s) => s.userID)
  const logout = useLogout()
  const leads = (useChat() as { isLeader?: () => boolean }).isLeader?.()
  return (
    <main data-leads={leads}>
      <p>Inbox of {userID}</p>
      <button type="button" onClick={() => logout.mutate()}>
        Sign out
      </button>
    </main>
  )
}

/** Hands the test the provider's client. */
function ClientPeek({ onClient }: { onClient: (client: ChatClient) => void }) {
  onClient(useChat())
  return null
}

interface TabSetup {
  options: TabOptions
  /** The app's own session: whom `autoLogin` finds signed in (none: no autoLogin). */
  userID?: string
  shareTabs?: boolean
}

/**
 * Opens one tab: a provider with a gate. Records whether its page ever showed the login
 * form or the kicked-out dialog, however briefly, and the kicks it was told of.
 */
function openTab({ options, userID, shareTabs }: TabSetup) {
  const autoLogin = vi.fn(async () =>
    userID ? { userID, getUserSig: (id: string) => live.sign(id) } : null,
  )
  const onKicked = vi.fn()
  const onLogInAgain = vi.fn()
  let client: ChatClient | undefined
  const seen = { form: false, dialog: false }
  const container = document.createElement('div')
  document.body.append(container)
  const observer = new MutationObserver(() => {
    seen.form ||= container.querySelector('input[name="userID"]') !== null
    seen.dialog ||= container.querySelector('[role="alertdialog"]') !== null
  })
  observer.observe(container, { childList: true, subtree: true })
  const page = render(
    <StrictMode>
      <ChatProvider
        options={options}
        shareTabs={shareTabs}
        autoLogin={userID ? autoLogin : undefined}
      >
        <ClientPeek
          onClient={(seen) => {
            client = seen
          }}
        />
        <LoginGate
          getUserSig={(id) => live.sign(id)}
          onKicked={onKicked}
          onLogInAgain={onLogInAgain}
        >
          <Inbox />
        </LoginGate>
      </ChatProvider>
    </StrictMode>,
    { container },
  )
  const view = within(container)
  const snapshot = () => (client as ChatClient).getSnapshot()
  return {
    ...page,
    view,
    seen,
    autoLogin,
    onKicked,
    onLogInAgain,
    snapshot,
    frames: options.frames,
    observer,
  }
}

type Tab = ReturnType<typeof openTab>

const logInWithForm = async (tab: Tab, userID: string) => {
  await userEvent.type(await tab.view.findByRole('textbox', { name: 'User ID' }), userID)
  await userEvent.click(tab.view.getByRole('button', { name: 'Log in' }))
  await tab.view.findByText(`Inbox of ${userID}`)
}

describe('ChatProvider shares one session among the tabs by default (rule 32)', () => {
  test('a tab opened after the login is logged in without the form, its autoLogin, or a login of its own', async () => {
    const browser = sharedBrowser(live)
    const a = openTab({ options: browser.tabOptions(), userID: 'tabs_amy' })
    await a.view.findByText('Inbox of tabs_amy')
    const admitted = await admissions()

    const b = openTab({ options: browser.tabOptions(), userID: 'tabs_amy' })
    // It waits to hear the other tabs: loading, not the form.
    expect(b.view.getByRole('status')).toHaveTextContent('Logging in…')
    await b.view.findByText('Inbox of tabs_amy')

    expect(b.seen.form).toBe(false)
    expect(b.autoLogin).not.toHaveBeenCalled()
    expect(b.frames()).toEqual([])
    expect(b.view.getByRole('main')).toHaveAttribute('data-leads', 'false')
    expect(a.view.getByRole('main')).toHaveAttribute('data-leads', 'true')
    expect(await admissions()).toBe(admitted)
    expect((await live.onlineStatus(['tabs_amy']))[0]?.Detail).toHaveLength(1)
  })

  test('tabs that open together log in once: each silent login joins the one in flight', async () => {
    const browser = sharedBrowser(live)
    const tabs = [1, 2, 3].map(() => openTab({ options: browser.tabOptions(), userID: 'tabs_bo' }))

    for (const tab of tabs) await tab.view.findByText('Inbox of tabs_bo')

    expect(tabs.map((tab) => tab.seen.form)).toEqual([false, false, false])
    expect(tabs.flatMap((tab) => tab.frames()).filter((f) => f.includes('"login"'))).toHaveLength(1)
    expect((await live.onlineStatus(['tabs_bo']))[0]?.Detail).toHaveLength(1)
  })

  test('a tab that opens while another tab logs in joins that login: loading, never the form, one login', async () => {
    const browser = sharedBrowser(live)
    // The first tab's socket holds what the server says until released: its login stays
    // in flight (logging in) while the second tab opens.
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const options = browser.tabOptions()
    const Counting = options.WebSocket as unknown as typeof WebSocket
    function holdingSocket(url: string) {
      const socket = new Counting(url)
      Object.defineProperty(socket, 'onmessage', {
        set: (handler: (event: unknown) => void) =>
          socket.addEventListener('message', (event) => held.then(() => handler(event))),
      })
      return socket
    }
    options.WebSocket = holdingSocket as unknown as TabOptions['WebSocket']
    const a = openTab({ options, userID: 'tabs_flo' })
    await waitFor(() => expect(a.snapshot().loginStatus).toBe(2))

    const b = openTab({ options: browser.tabOptions(), userID: 'tabs_flo' })
    await waitFor(() => expect(b.autoLogin).toHaveBeenCalledTimes(1))
    expect(b.snapshot().loginStatus).toBe(2)
    release()

    for (const tab of [a, b]) await tab.view.findByText('Inbox of tabs_flo')
    expect(b.seen.form).toBe(false)
    expect(loginFrames(a.frames())).toBe(1)
    expect(b.frames()).toEqual([])
  })

  test('a kick shows the dialog in every tab; a tab opened after it shows the form saying why, never the dialog; logging in again in one tab logs every tab in', async () => {
    const browser = sharedBrowser(live)
    const a = openTab({ options: browser.tabOptions(), userID: 'tabs_cy' })
    await a.view.findByText('Inbox of tabs_cy')
    const b = openTab({ options: browser.tabOptions(), userID: 'tabs_cy' })
    await b.view.findByText('Inbox of tabs_cy')

    await act(() => live.kick('tabs_cy'))
    for (const tab of [a, b]) {
      await tab.view.findByRole('alertdialog')
      expect(tab.onKicked).toHaveBeenCalledTimes(1)
    }
    // The mark is the browser's: any tab's reload, or a new tab, reads it.
    expect(JSON.parse(localStorage.getItem(markKey()) ?? 'null')).toEqual({
      type: 'REST_API_Kick',
      userID: 'tabs_cy',
    })
    expect(sessionStorage.getItem(markKey())).toBeNull()

    const c = openTab({ options: browser.tabOptions(), userID: 'tabs_cy' })
    await waitFor(() =>
      expect(c.view.getByRole('textbox', { name: 'User ID' })).toHaveValue('tabs_cy'),
    )
    expect(c.view.getByRole('status')).toHaveTextContent(kickedTexts.REST_API_Kick.text)
    expect(c.seen.dialog).toBe(false)
    expect(c.onKicked).not.toHaveBeenCalled()
    expect(c.onLogInAgain).not.toHaveBeenCalled()
    expect(c.autoLogin).not.toHaveBeenCalled()
    // The other tabs still show the dialog until someone logs in again.
    expect(b.view.getByRole('alertdialog')).toBeInTheDocument()

    await userEvent.click(within(a.view.getByRole('alertdialog')).getByRole('button'))
    expect(a.onLogInAgain).toHaveBeenCalledTimes(1)
    await userEvent.click(await a.view.findByRole('button', { name: 'Log in' }))

    for (const tab of [a, b, c]) {
      await tab.view.findByText('Inbox of tabs_cy')
      await waitFor(() => expect(tab.view.queryByRole('alertdialog')).toBeNull())
    }
    expect(localStorage.getItem(markKey())).toBeNull()
    expect((await live.onlineStatus(['tabs_cy']))[0]?.Detail).toHaveLength(1)
  })

  test('a logout in one tab shows the form in every tab', async () => {
    const browser = sharedBrowser(live)
    const a = openTab({ options: browser.tabOptions() })
    await logInWithForm(a, 'tabs_dee')
    const b = openTab({ options: browser.tabOptions() })
    await b.view.findByText('Inbox of tabs_dee')

    await userEvent.click(b.view.getByRole('button', { name: 'Sign out' }))

    for (const tab of [a, b]) await tab.view.findByRole('textbox', { name: 'User ID' })
    expect(await live.status('tabs_dee')).toBe('Offline')
  })
})

describe('shareTabs={false}: each tab its own instance, as TencentCloudChat', () => {
  test('a second tab logging in the same user kicks the first', async () => {
    const browser = sharedBrowser(live)
    const a = openTab({ options: browser.tabOptions(), shareTabs: false })
    await logInWithForm(a, 'tabs_eli')
    // Its gate logs the UserID it remembers in silently, as today: a login of its own.
    const b = openTab({ options: browser.tabOptions(), shareTabs: false })
    await b.view.findByText('Inbox of tabs_eli')

    const dialog = await a.view.findByRole('alertdialog')
    expect(dialog).toHaveAttribute('data-kick-type', 'multipleAccount')
    expect(b.view.queryByRole('alertdialog')).toBeNull()
    expect(loginFrames(a.frames())).toBe(1)
    expect(loginFrames(b.frames())).toBe(1)
  })

  test('the provider’s own client is then a Chat', () => {
    let client: unknown
    render(
      <ChatProvider options={sharedBrowser(live).tabOptions()} shareTabs={false}>
        <ClientPeek
          onClient={(seen) => {
            client = seen
          }}
        />
      </ChatProvider>,
    )
    expect(client).toBeInstanceOf(Chat)
  })
})
