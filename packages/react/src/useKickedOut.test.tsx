import { Chat, type KickInfo } from '@chatgate/core'
import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type LiveServer, loginElsewhere, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { useKickedOut } from './useKickedOut.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

function KickProbe({ onKick }: { onKick: (kick: KickInfo) => void }) {
  const { kick, acknowledge } = useKickedOut(onKick)
  return (
    <>
      <p data-testid="kick">{kick ? `${kick.type}@${kick.at}` : 'none'}</p>
      <button type="button" onClick={acknowledge}>
        acknowledge
      </button>
    </>
  )
}

/** A second probe of the same provider sees the acknowledgement too. */
function KickType() {
  const { kick } = useKickedOut()
  return <p data-testid="other">{kick?.type ?? 'none'}</p>
}

describe('useKickedOut', () => {
  test('the handler runs exactly once per kick under StrictMode; acknowledge clears it (rule 20)', async () => {
    const options = live.options()
    const chat = new Chat(options)
    const onKick = vi.fn()
    render(
      <StrictMode>
        <ChatProvider client={chat}>
          <KickProbe onKick={onKick} />
          <KickType />
        </ChatProvider>
      </StrictMode>,
    )
    const sign = () => live.sign('kicked_fay')
    await act(() => chat.login({ userID: 'kicked_fay', userSig: sign() }))
    expect(screen.getByTestId('kick')).toHaveTextContent('none')

    const started = Date.now()
    await act(() => live.kick('kicked_fay'))
    await waitFor(() => expect(screen.getByTestId('kick')).toHaveTextContent('REST_API_Kick@'))
    // Once the kicked socket is closed nothing more can come from the server: no second
    // kick frame is on its way.
    await waitFor(() => expect(options.sockets().map((ws) => ws.readyState)).toEqual([3]))
    expect(onKick).toHaveBeenCalledTimes(1)
    const [kick] = onKick.mock.calls[0] as [KickInfo]
    expect(kick.type).toBe('REST_API_Kick')
    expect(kick.at).toBeGreaterThanOrEqual(started)
    expect(screen.getByTestId('other')).toHaveTextContent('REST_API_Kick')

    act(() => screen.getByRole('button', { name: 'acknowledge' }).click())
    expect(screen.getByTestId('kick')).toHaveTextContent('none')
    expect(screen.getByTestId('other')).toHaveTextContent('none')

    // rule 12: the next kick, after logging in again, is a new one.
    await act(() => chat.login({ userID: 'kicked_fay', userSig: live.sign('kicked_fay') }))
    const other = await loginElsewhere(live, 'kicked_fay')
    await waitFor(() => expect(screen.getByTestId('kick')).toHaveTextContent('multipleAccount'))
    expect(onKick).toHaveBeenCalledTimes(2)
    expect(onKick.mock.calls[1]?.[0]).toMatchObject({ type: 'multipleAccount' })
    await other.destroy()
    await chat.destroy()
  })

  test('a kick that happened before mounting is shown but not reported again', async () => {
    const chat = new Chat(live.options())
    await chat.login({ userID: 'kicked_gus', userSig: live.sign('kicked_gus') })
    await live.kick('kicked_gus')
    await vi.waitFor(() => expect(chat.getSnapshot().kick).not.toBeNull())
    const onKick = vi.fn()
    render(
      <ChatProvider client={chat}>
        <KickProbe onKick={onKick} />
      </ChatProvider>,
    )
    expect(screen.getByTestId('kick')).toHaveTextContent('REST_API_Kick')
    expect(onKick).not.toHaveBeenCalled()
    await chat.destroy()
  })
})
