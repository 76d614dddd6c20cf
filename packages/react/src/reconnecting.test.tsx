import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { manualTimers } from '../../core/test/helpers/manualTimers.js'
import { expectNoAxeViolations } from '../test/axe.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { DEFAULT_TEXTS } from './messages.js'
import { useSession } from './useSession.js'

/** One app key for every start of the server, so a UserSig signed before an outage still verifies. */
const secretKey = 'reconnecting-test-key-7d0c2a91b4'
const texts = DEFAULT_TEXTS

function startServer(port = 0): Promise<DevServer> {
  return startDevServer({
    app: { secretKey, sessionGraceSeconds: 1 },
    config: { port },
    server: { sessionGraceMs: 50 },
  })
}

/** A login server that was running and is stopped now: its port refuses connections. */
async function stoppedServer() {
  const server = await startServer()
  await server.close()
  return server
}

let formSeen = false
const observer = new MutationObserver(() => {
  formSeen ||= document.querySelector('input[name="userID"]') !== null
})
beforeAll(() => observer.observe(document.body, { childList: true, subtree: true }))
let restarted: DevServer | undefined
afterEach(async () => {
  formSeen = false
  await restarted?.close()
  restarted = undefined
})

const statuses: string[] = []
function Inbox() {
  const { status, userID } = useSession()
  return <main>{`Inbox of ${userID} (${status})`}</main>
}
function SessionLine() {
  const { status, userID } = useSession()
  const line = `${status}:${userID}`
  if (statuses.at(-1) !== line) statuses.push(line)
  return null
}

/** A page load of an app whose user is signed in, while the login server is down. */
function loadPage(down: DevServer, userID: string, silently: 'autoLogin' | 'remembered') {
  statuses.length = 0
  const timers = manualTimers()
  const options = { ...down.clientOptions(), timers }
  const sign = vi.fn((id: string) => down.sign(id))
  const autoLogin = vi.fn(async () => ({ userID, userSig: sign(userID), getUserSig: sign }))
  if (silently === 'remembered')
    localStorage.setItem(`chatgate:lastUserID:${down.SDKAppID}`, userID)
  const page = render(
    <ChatProvider options={options} autoLogin={silently === 'autoLogin' ? autoLogin : undefined}>
      <SessionLine />
      <LoginGate getUserSig={sign}>
        <Inbox />
      </LoginGate>
    </ChatProvider>,
  )
  /**
   * Waits until attempt `n` failed (the client is no longer logging in, so "Retry now" is
   * enabled) and the next one waits for its backoff: the only timer left.
   */
  const failed = async (n: number) => {
    await waitFor(() => expect(sign).toHaveBeenCalledTimes(n))
    await waitFor(() => {
      expect(screen.getByRole('button', { name: texts.retry })).toBeEnabled()
      expect(timers.pending).toBe(1)
    })
  }
  return { ...page, timers, autoLogin, failed }
}

describe('a silent login the network fails keeps the signed-in shape (rule 37)', () => {
  for (const silently of ['autoLogin', 'remembered'] as const) {
    test(`${silently}: reconnecting while the server is down, never the form, logged in by itself once it is back`, async () => {
      const down = await stoppedServer()
      const userID = `down_${silently}`
      const page = loadPage(down, userID, silently)

      await page.failed(1)
      await screen.findByRole('button', { name: texts.retry })
      expect(screen.getByRole('status')).toHaveTextContent(texts.reconnecting)
      expect(statuses.at(-1)).toBe(`reconnecting:${userID}`)
      await expectNoAxeViolations()

      // Still down: the next attempt, at the end of its backoff, fails and waits again.
      act(() => page.timers.advance(40))
      await page.failed(2)
      expect(statuses.at(-1)).toBe(`reconnecting:${userID}`)

      restarted = await startServer(down.port)
      // The backoff has grown (up to 20 ms now); the attempt after it logs in.
      act(() => page.timers.advance(80))
      await screen.findByText(`Inbox of ${userID} (authenticated)`)
      expect(formSeen).toBe(false)
      // From the first status of the silent login on, the session never read as signed out.
      const since = statuses.findIndex((line) => line.startsWith('loading'))
      expect(since).toBeGreaterThanOrEqual(0)
      expect(statuses.slice(since).filter((line) => line.startsWith('unauthenticated'))).toEqual([])
      expect((await restarted.onlineStatus([userID]))[0]?.Status).toBe('Online')

      // Logged in: nothing is left to retry, however long the backoff would have run.
      const calls = page.autoLogin.mock.calls.length
      act(() => page.timers.advance(5_000))
      expect(page.autoLogin.mock.calls.length).toBe(calls)
      expect(screen.getByRole('main')).toHaveTextContent('authenticated')
    })
  }

  test('"Retry now" tries at once, without waiting for the backoff', async () => {
    const down = await stoppedServer()
    const page = loadPage(down, 'down_now', 'autoLogin')
    await page.failed(1)
    restarted = await startServer(down.port)

    await userEvent.click(screen.getByRole('button', { name: texts.retry }))
    await screen.findByText('Inbox of down_now (authenticated)')
    expect(page.autoLogin).toHaveBeenCalledTimes(2)
    expect(formSeen).toBe(false)
  })

  test('unmounted while reconnecting: no retry is left waiting', async () => {
    const down = await stoppedServer()
    const page = loadPage(down, 'down_gone', 'autoLogin')
    await page.failed(1)
    page.unmount()
    expect(page.timers.pending).toBe(0)
    restarted = await startServer(down.port)
    act(() => page.timers.advance(5_000))
    expect(page.autoLogin).toHaveBeenCalledTimes(1)
  })

  test('a refusal no retry can fix shows the form, prefilled, with what to do', async () => {
    const live = await startServer()
    restarted = live
    const timers = manualTimers()
    render(
      <ChatProvider
        options={{ ...live.clientOptions(), timers }}
        autoLogin={async () => ({ userID: 'refused_amy', userSig: live.sign('someone_else') })}
      >
        <LoginGate getUserSig={(id) => live.sign(id)}>
          <Inbox />
        </LoginGate>
      </ChatProvider>,
    )
    const field = await screen.findByRole('textbox', { name: texts.userIDLabel })
    expect(field).toHaveValue('refused_amy')
    expect(screen.getByRole('status')).toHaveTextContent(texts.refused)
    expect(screen.queryByRole('button', { name: texts.retry })).toBeNull()
    expect(timers.pending).toBe(0)
  })
})
