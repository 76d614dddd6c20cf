import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { useLoginStatus } from './useLoginStatus.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

/** Records whether a login field was ever in the page: a form that flashes counts. */
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
  return <main>Inbox of {userID}</main>
}

describe('ChatProvider autoLogin (rule 30)', () => {
  test('logs the app’s user in once under StrictMode, showing loading and never the form', async () => {
    const options = live.options()
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    const autoLogin = vi.fn(async () => ({
      userID: 'auto_amy',
      userSig: live.sign('auto_amy'),
      getUserSig,
    }))
    render(
      <StrictMode>
        <ChatProvider options={options} autoLogin={autoLogin}>
          <LoginGate getUserSig={getUserSig}>
            <Inbox />
          </LoginGate>
        </ChatProvider>
      </StrictMode>,
    )
    expect(screen.getByRole('status')).toHaveTextContent('Logging in…')
    await screen.findByText('Inbox of auto_amy')
    expect(formSeen).toBe(false)
    expect(autoLogin).toHaveBeenCalledTimes(1)
    expect(loginFrames(options.frames())).toBe(1)
    expect(getUserSig).not.toHaveBeenCalled()
    expect(await live.status('auto_amy')).toBe('Online')
  })

  test('the gate’s loading slot replaces the default loading card', async () => {
    let resolve: (value: null) => void = () => {}
    render(
      <ChatProvider
        options={live.options()}
        autoLogin={() => new Promise<null>((done) => (resolve = done))}
      >
        <LoginGate getUserSig={(userID) => live.sign(userID)} loading={<p>Restoring…</p>}>
          <Inbox />
        </LoginGate>
      </ChatProvider>,
    )
    expect(screen.getByText('Restoring…')).toBeInTheDocument()
    expect(screen.queryByRole('textbox')).toBeNull()
    // Nobody is signed in to the app: the form, and nothing was sent.
    await act(async () => resolve(null))
    expect(screen.getByRole('textbox', { name: 'User ID' })).toHaveValue('')
    expect(screen.queryByText('Restoring…')).toBeNull()
  })

  test('a refused autoLogin ends in the form with the reason', async () => {
    const options = live.options()
    render(
      <ChatProvider
        options={options}
        autoLogin={async () => ({ userID: 'auto_cy', userSig: live.sign('someone_else') })}
      >
        <LoginGate getUserSig={(userID) => live.sign(userID)} showErrorCode>
          <Inbox />
        </LoginGate>
      </ChatProvider>,
    )
    const field = await screen.findByRole('textbox', { name: 'User ID' })
    expect(field).toHaveValue('auto_cy')
    expect(screen.getByRole('status')).toHaveTextContent('(70013)')
    expect(loginFrames(options.frames())).toBe(1)
  })

  test('the getUserSig it returns renews the ticket in place, as with useLogin', async () => {
    const options = { ...live.options(), renewBeforeMs: 2_500 }
    const getUserSig = vi.fn((userID: string) => live.sign(userID))
    render(
      <ChatProvider
        options={options}
        autoLogin={async () => ({
          userID: 'auto_dan',
          userSig: live.sign('auto_dan', { expireSeconds: 3 }),
          getUserSig,
        })}
      >
        <LoginGate getUserSig={getUserSig}>
          <Inbox />
        </LoginGate>
      </ChatProvider>,
    )
    await screen.findByText('Inbox of auto_dan')
    await waitFor(() => expect(getUserSig).toHaveBeenCalledWith('auto_dan'), { timeout: 5_000 })
    expect(screen.getByText('Inbox of auto_dan')).toBeInTheDocument()
    expect(loginFrames(options.frames())).toBe(1)
    expect(options.sockets()).toHaveLength(1)
  })

  test('server-rendered as loading, and hydrated without a mismatch or a form', async () => {
    const autoLogin = async () => ({ userID: 'auto_eve', userSig: live.sign('auto_eve') })
    const tree = (
      <ChatProvider options={live.options()} autoLogin={autoLogin}>
        <LoginGate getUserSig={(userID) => live.sign(userID)}>
          <Inbox />
        </LoginGate>
      </ChatProvider>
    )
    const container = document.createElement('div')
    container.innerHTML = renderToString(tree)
    // The loading card: the form's header and the spinner, no field.
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Logging in…')
    expect(container.querySelector('input')).toBeNull()
    document.body.append(container)
    const errors: unknown[] = []
    const root = hydrateRoot(container, tree, { onRecoverableError: (e) => errors.push(e) })
    await screen.findByText('Inbox of auto_eve')
    expect(errors).toEqual([])
    expect(formSeen).toBe(false)
    act(() => root.unmount())
    container.remove()
  })
})
