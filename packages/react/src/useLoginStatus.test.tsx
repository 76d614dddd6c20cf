import { Chat } from '@chatgate/core'
import { act, render, screen, waitFor } from '@testing-library/react'
import { Profiler, StrictMode } from 'react'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type LiveServer, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { useLoginStatus } from './useLoginStatus.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const renders = { user: 0, net: 0, whole: 0 }
const selectUser = (s: { userID: string }) => s.userID
const selectNet = (s: { netState: string }) => s.netState

function UserName() {
  const userID = useLoginStatus(selectUser)
  return <p data-testid="user">{userID}</p>
}
function NetState() {
  const netState = useLoginStatus(selectNet)
  return <p data-testid="net">{netState}</p>
}
function Whole() {
  const snapshot = useLoginStatus()
  return <p data-testid="status">{snapshot.loginStatus}</p>
}
const count = (key: keyof typeof renders) => () => {
  renders[key]++
}

/** A selector that builds a new object on every call. */
function Pair() {
  const pair = useLoginStatus((s) => ({ user: s.userID, status: s.loginStatus }))
  return <p data-testid="pair">{`${pair.status}:${pair.user}`}</p>
}

describe('useLoginStatus', () => {
  test('a reconnect re-renders the net-state reader, not the user reader (rule 15)', async () => {
    const options = live.options()
    const chat = new Chat(options)
    render(
      <ChatProvider client={chat}>
        <Profiler id="user" onRender={count('user')}>
          <UserName />
        </Profiler>
        <Profiler id="net" onRender={count('net')}>
          <NetState />
        </Profiler>
        <Profiler id="whole" onRender={count('whole')}>
          <Whole />
        </Profiler>
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'status_ann', userSig: live.sign('status_ann') }))
    expect(screen.getByTestId('user')).toHaveTextContent('status_ann')
    expect(screen.getByTestId('net')).toHaveTextContent('connected')
    const before = { ...renders }

    // The network drops: the client reports connecting, reconnects and resumes by itself.
    act(() => options.sockets().at(-1)?.terminate())
    await waitFor(() => expect(renders.net).toBeGreaterThanOrEqual(before.net + 2))
    await waitFor(() => expect(screen.getByTestId('net')).toHaveTextContent('connected'))
    expect(options.sockets().length).toBe(2)
    expect(renders.user).toBe(before.user)
    expect(renders.whole).toBeGreaterThanOrEqual(before.whole + 2)
    expect(screen.getByTestId('user')).toHaveTextContent('status_ann')
    await chat.destroy()
  })

  test('a selector returning a new object each call does not loop (StrictMode)', async () => {
    const chat = new Chat(live.options())
    render(
      <StrictMode>
        <ChatProvider client={chat}>
          <Pair />
        </ChatProvider>
      </StrictMode>,
    )
    expect(screen.getByTestId('pair')).toHaveTextContent('3:')
    await act(() => chat.login({ userID: 'status_bob', userSig: live.sign('status_bob') }))
    expect(screen.getByTestId('pair')).toHaveTextContent('1:status_bob')
    await chat.destroy()
  })

  test('outside a ChatProvider it throws a clear error', () => {
    const quiet = console.error
    console.error = () => {}
    try {
      expect(() => render(<UserName />)).toThrow(/wrap your components in <ChatProvider>/)
    } finally {
      console.error = quiet
    }
  })
})
