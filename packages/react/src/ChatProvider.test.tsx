import { Chat, type ChatClient } from '@chatgate/core'
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { StrictMode, useEffect } from 'react'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type LiveServer, loginFrames, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { useChat } from './useChat.js'
import { useKickedOut } from './useKickedOut.js'
import { useLogin } from './useLogin.js'
import { useLoginStatus } from './useLoginStatus.js'
import { useSession } from './useSession.js'

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

/** An app's query of the signed-in user's inbox, behind the kicked-out dialog. */
function InboxQuery({ fetches }: { fetches: string[] }) {
  const { status, userID } = useSession()
  const { acknowledge } = useKickedOut()
  useQuery({
    queryKey: ['inbox', userID],
    queryFn: () => {
      fetches.push(userID)
      return ['hello']
    },
    enabled: status === 'authenticated' || status === 'kicked',
  })
  return (
    <>
      <p>
        {status}: {userID}
      </p>
      <button type="button" onClick={acknowledge}>
        acknowledge
      </button>
    </>
  )
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

  test('a kick clears the react-query cache once acknowledged; clearCacheOnKick={false} keeps it (rule 37)', async () => {
    for (const clearCacheOnKick of [true, false]) {
      const userID = `cache_${clearCacheOnKick}`
      const chat = new Chat(live.options())
      const queryClient = new QueryClient()
      const fetches: string[] = []
      render(
        <ChatProvider client={chat} queryClient={queryClient} clearCacheOnKick={clearCacheOnKick}>
          <InboxQuery fetches={fetches} />
        </ChatProvider>,
      )
      await act(() => chat.login({ userID, userSig: live.sign(userID) }))
      await waitFor(() => expect(queryClient.getQueryData(['inbox', userID])).toEqual(['hello']))
      await act(() => live.kick(userID))
      await screen.findByText(`kicked: ${userID}`)
      // Behind the dialog the app keeps its user and its data; nothing refetches yet.
      expect(queryClient.getQueryData(['inbox', userID])).toEqual(['hello'])
      expect(fetches).toEqual([userID])

      act(() => screen.getByRole('button', { name: 'acknowledge' }).click())
      expect(queryClient.getQueryData(['inbox', userID])).toEqual(
        clearCacheOnKick ? undefined : ['hello'],
      )
      expect(fetches.every((name) => name === userID)).toBe(true)
      cleanup()
      await chat.destroy()
    }
  })

  test('a QueryClientProvider inside ChatProvider: a kick clears that cache too, with one warning (rule 37)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      for (const userID of ['inner_amy', 'inner_bo']) {
        const chat = new Chat(live.options())
        const appCache = new QueryClient()
        const fetches: string[] = []
        render(
          <ChatProvider client={chat}>
            <QueryClientProvider client={appCache}>
              <InboxQuery fetches={fetches} />
            </QueryClientProvider>
          </ChatProvider>,
        )
        await act(() => chat.login({ userID, userSig: live.sign(userID) }))
        await waitFor(() => expect(appCache.getQueryData(['inbox', userID])).toEqual(['hello']))
        await act(() => live.kick(userID))
        await screen.findByText(`kicked: ${userID}`)
        act(() => screen.getByRole('button', { name: 'acknowledge' }).click())
        expect(appCache.getQueryData(['inbox', userID])).toBeUndefined()
        cleanup()
        await chat.destroy()
      }
      // Once per page, however many providers: it says what to change.
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]?.[0])).toMatch(
        /ChatProvider inside your QueryClientProvider/,
      )
    } finally {
      warn.mockRestore()
    }
  })

  test('the client it creates says nothing on a kick at the default log level; a level given is kept', async () => {
    for (const logLevel of [undefined, 2] as const) {
      const lines: string[] = []
      const keep =
        (level: string) =>
        (...args: unknown[]) =>
          lines.push(`${level} ${args.join(' ')}`)
      const logger = {
        debug: keep('debug'),
        info: keep('info'),
        warn: keep('warn'),
        error: keep('error'),
      }
      const userID = `quiet_${logLevel ?? 'default'}`
      const seen: Seen = {}
      render(
        <ChatProvider options={{ ...live.options(), logLevel, logger }}>
          <Probe seen={seen} />
        </ChatProvider>,
      )
      await act(() => seen.chat!.login({ userID, userSig: live.sign(userID) }))
      await act(() => live.kick(userID))
      await waitFor(() => expect(seen.chat?.getSnapshot().kick).not.toBeNull())
      expect(lines).toEqual(logLevel === undefined ? [] : [expect.stringMatching(/^warn .*kicked/)])
      cleanup()
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
