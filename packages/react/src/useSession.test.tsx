import { Chat } from '@chatgate/core'
import { act, render, screen, waitFor } from '@testing-library/react'
import { Profiler } from 'react'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type LiveServer, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { useKickedOut } from './useKickedOut.js'
import { useLogin } from './useLogin.js'
import { useLoginStatus } from './useLoginStatus.js'
import { useSession } from './useSession.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const seen: string[] = []
function SessionLine() {
  const { status, userID, kick, netState } = useSession()
  const line = `${status}:${userID}:${kick?.type ?? ''}:${kick?.userID ?? ''}:${netState}`
  if (seen.at(-1) !== line) seen.push(line)
  const { acknowledge } = useKickedOut()
  return (
    <button type="button" onClick={acknowledge}>
      {line}
    </button>
  )
}

const renders = { session: 0, userID: 0, none: 0 }
const selectUserID = (s: { userID: string }) => s.userID
function UserIDReader() {
  return <p>{useLoginStatus(selectUserID)}</p>
}
function LoginOnly() {
  useLogin()
  return null
}

describe('useSession', () => {
  test('status in words: unauthenticated → loading → authenticated → kicked → unauthenticated', async () => {
    seen.length = 0
    const chat = new Chat(live.options())
    render(
      <ChatProvider client={chat}>
        <SessionLine />
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'session_ann', userSig: live.sign('session_ann') }))
    await act(() => live.kick('session_ann'))
    await waitFor(() => expect(seen.at(-1)).toMatch(/^kicked:/))
    act(() => screen.getByRole('button').click())
    expect(seen).toEqual([
      'unauthenticated::::disconnected',
      expect.stringMatching(/^loading:session_ann:::/),
      ...seen.slice(2, -2),
      // The kicked user is named until acknowledged (rule 37).
      'kicked:session_ann:REST_API_Kick:session_ann:disconnected',
      'unauthenticated::REST_API_Kick:session_ann:disconnected',
    ])
    expect(seen).toContain('authenticated:session_ann:::connected')
    await chat.destroy()
  })

  test('a network change re-renders the session reader, not a UserID reader nor a login button', async () => {
    const options = live.options()
    const chat = new Chat(options)
    const count = (key: keyof typeof renders) => () => {
      renders[key]++
    }
    render(
      <ChatProvider client={chat}>
        <Profiler id="session" onRender={count('session')}>
          <SessionLine />
        </Profiler>
        <Profiler id="userID" onRender={count('userID')}>
          <UserIDReader />
        </Profiler>
        <Profiler id="none" onRender={count('none')}>
          <LoginOnly />
        </Profiler>
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'session_bo', userSig: live.sign('session_bo') }))
    const before = { ...renders }
    act(() => options.sockets().at(-1)?.terminate())
    await waitFor(() => expect(screen.getByRole('button')).toHaveTextContent(':connecting'))
    await waitFor(() => expect(screen.getByRole('button')).toHaveTextContent(':connected'))
    expect(renders.session).toBeGreaterThanOrEqual(before.session + 2)
    expect(renders.userID).toBe(before.userID)
    expect(renders.none).toBe(before.none)
    await chat.destroy()
  })
})
