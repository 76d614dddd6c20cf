import { Chat, type ChatClient } from '@chatgate/core'
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query'
import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode, useEffect } from 'react'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { useChat } from './useChat.js'
import { useLogin } from './useLogin.js'
import { useLoginStatus } from './useLoginStatus.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

/** An app that logs in from an effect, as many do on page load. */
function AutoLogin({ userID }: { userID: string }) {
  const login = useLogin()
  const { mutate } = login
  useEffect(() => {
    mutate({ userID, getUserSig: () => live.sign(userID) })
  }, [mutate, userID])
  const status = useLoginStatus((s) => s.loginStatus)
  return <p data-testid="status">{login.isSuccess && status === 1 ? 'ready' : 'waiting'}</p>
}

interface Seen {
  chat?: ChatClient
  queryClient?: QueryClient
}

function Probe({ seen }: { seen: Seen }) {
  seen.chat = useChat()
  seen.queryClient = useQueryClient()
  useQuery({ queryKey: ['probe'], queryFn: () => 1, enabled: false })
  return null
}

describe('ChatProvider', () => {
  test('a StrictMode app that logs in sends exactly one login frame (rule 5)', async () => {
    const options = live.options()
    const before = await live.metric('chatgate_logins_total')
    const failedBefore = await live.metric('chatgate_login_failures_total')
    const { unmount } = render(
      <StrictMode>
        <ChatProvider options={options}>
          <AutoLogin userID="strict_amy" />
        </ChatProvider>
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('ready'))
    expect(loginFrames(options.frames())).toBe(1)
    expect(options.sockets()).toHaveLength(1)
    expect(await live.metric('chatgate_logins_total')).toBe(before + 1)
    expect(await live.metric('chatgate_login_failures_total')).toBe(failedBefore)
    unmount()
  })

  test('a client the provider created survives StrictMode and is destroyed on unmount (rule 8)', async () => {
    const options = live.options()
    const { unmount } = render(
      <StrictMode>
        <ChatProvider options={options}>
          <AutoLogin userID="strict_ben" />
        </ChatProvider>
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('ready'))
    expect(await live.status('strict_ben')).toBe('Online')
    unmount()
    // The slot is freed by a logout, not left to the grace period.
    await waitFor(async () => expect(await live.status('strict_ben')).toBe('Offline'))
    expect(options.frames().map((frame) => JSON.parse(frame).op)).toContain('logout')
  })

  test('a client passed in stays the caller’s: unmount does not destroy it', async () => {
    const chat = new Chat(live.options())
    const { unmount } = render(
      <ChatProvider client={chat}>
        <AutoLogin userID="own_cal" />
      </ChatProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('ready'))
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(chat.isReady()).toBe(true)
    await chat.destroy()
  })

  test('a kick clears the react-query cache; clearCacheOnKick={false} keeps it', async () => {
    for (const clearCacheOnKick of [true, false]) {
      const userID = `cache_${clearCacheOnKick}`
      const chat = new Chat(live.options())
      const queryClient = new QueryClient()
      queryClient.setQueryData(['messages'], ['hello'])
      render(
        <ChatProvider client={chat} queryClient={queryClient} clearCacheOnKick={clearCacheOnKick}>
          <p />
        </ChatProvider>,
      )
      await act(() => chat.login({ userID, userSig: live.sign(userID) }))
      await act(() => live.kick(userID))
      await waitFor(() => expect(chat.getSnapshot().kick?.type).toBe('REST_API_Kick'))
      expect(queryClient.getQueryData(['messages'])).toEqual(
        clearCacheOnKick ? undefined : ['hello'],
      )
    }
  })

  test('uses the surrounding QueryClient when none is given', () => {
    const queryClient = new QueryClient()
    const seen: Seen = {}
    render(
      <QueryClientProvider client={queryClient}>
        <ChatProvider options={live.options()}>
          <Probe seen={seen} />
        </ChatProvider>
      </QueryClientProvider>,
    )
    expect(seen.queryClient).toBe(queryClient)
  })

  test('makes its own QueryClient when there is none, and hands out its client', () => {
    const seen: Seen = {}
    render(
      <ChatProvider options={live.options()}>
        <Probe seen={seen} />
      </ChatProvider>,
    )
    expect(seen.chat).toBeInstanceOf(Chat)
    expect(seen.queryClient).toBeInstanceOf(QueryClient)
  })
})
