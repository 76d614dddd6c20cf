import { act, screen } from '@testing-library/react'
import { type ReactNode, Suspense } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type LiveServer, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { DEFAULT_TEXTS } from './messages.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

/**
 * A part of the page that hydrates late, as a Next.js page segment streamed after its
 * layout does: on the client it suspends until `arrive()`, so the provider above it has
 * hydrated and run its effects (read storage, started its silent login) by then.
 */
interface Segment {
  onClient: boolean
  done: boolean
  arrived: Promise<void>
  arrive: () => void
}

function lateSegment(): Segment {
  let arrive = () => {}
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve
  })
  const segment: Segment = { onClient: false, done: false, arrived, arrive }
  arrived.then(() => {
    segment.done = true
  })
  return segment
}

function Late({ segment, children }: { segment: Segment; children: ReactNode }) {
  if (segment.onClient && !segment.done) throw segment.arrived
  return children
}

describe('the first client render equals the server’s (rule 37)', () => {
  test('a reload of a kicked tab: loading on the server and at hydration, then the form with the notice', async () => {
    sessionStorage.setItem(
      `chatgate:kicked:${live.SDKAppID}`,
      JSON.stringify({ type: 'multipleAccount', userID: 'hydra_amy' }),
    )
    const segment = lateSegment()
    const autoLogin = async () => ({ userID: 'hydra_amy', userSig: live.sign('hydra_amy') })
    const tree = (
      <ChatProvider options={live.options()} autoLogin={autoLogin}>
        <Suspense fallback={null}>
          <Late segment={segment}>
            <LoginGate getUserSig={(userID) => live.sign(userID)}>
              <main>Inbox</main>
            </LoginGate>
          </Late>
        </Suspense>
      </ChatProvider>
    )
    const container = document.createElement('div')
    // The server cannot see the tab's storage: it renders the loading card.
    container.innerHTML = renderToString(tree)
    expect(container.querySelector('[role="status"]')?.textContent).toBe(DEFAULT_TEXTS.loggingIn)
    document.body.append(container)
    segment.onClient = true
    const errors: unknown[] = []
    const root = hydrateRoot(container, tree, { onRecoverableError: (e) => errors.push(e) })
    await act(async () => {})
    await act(async () => segment.arrive())

    const field = await screen.findByRole('textbox', { name: 'User ID' })
    expect(errors).toEqual([])
    expect(field).toHaveValue('hydra_amy')
    expect(screen.getByRole('status')).toHaveTextContent(DEFAULT_TEXTS.kicked.multipleAccount.text)
    act(() => root.unmount())
    container.remove()
  })
})
