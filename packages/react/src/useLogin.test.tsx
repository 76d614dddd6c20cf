import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { act, render, screen, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type LiveServer, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { type LoginCredentials, useLogin } from './useLogin.js'
import { useLogout } from './useLogout.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const actions: {
  login?: (credentials: LoginCredentials) => Promise<unknown>
  logout?: () => Promise<unknown>
} = {}

function Session() {
  const login = useLogin()
  const logout = useLogout()
  actions.login = login.mutateAsync
  actions.logout = logout.mutateAsync
  return (
    <p data-testid="state">
      {login.status}:{login.error?.code ?? ''}:{String(login.data?.data.repeatLogin ?? '')}:
      {logout.status}
    </p>
  )
}

function setup() {
  const chat = new Chat(live.options())
  render(
    <ChatProvider client={chat}>
      <Session />
    </ChatProvider>,
  )
  return { chat, state: () => screen.getByTestId('state').textContent }
}

describe('useLogin / useLogout', () => {
  test('{ userID, userSig } resolves once the client is ready (rule 4)', async () => {
    const { chat, state } = setup()
    await act(async () => {
      await actions.login?.({ userID: 'hook_ida', userSig: live.sign('hook_ida') })
      expect(chat.isReady()).toBe(true)
    })
    await waitFor(() => expect(state()).toBe('success::false:idle'))
    // rule 5: again for the same user is a repeat login.
    await act(() => actions.login?.({ userID: 'hook_ida', userSig: live.sign('hook_ida') }))
    await waitFor(() => expect(state()).toBe('success::true:idle'))
    await act(() => actions.logout?.())
    await waitFor(() => expect(state()).toBe('success::true:success'))
    expect(chat.getLoginStatus()).toBe(3)
    await chat.destroy()
  })

  test('{ userID, getUserSig } fetches the sig itself', async () => {
    const { chat } = setup()
    // One signature everywhere: the sig source is asked for the UserID it signs.
    const asked: string[] = []
    const getUserSig = (userID: string) => {
      asked.push(userID)
      return live.sign(userID)
    }
    await act(() => actions.login?.({ userID: 'hook_jo', getUserSig }))
    expect(chat.getLoginUser()).toBe('hook_jo')
    expect(asked).toEqual(['hook_jo'])
    await chat.destroy()
  })

  test('a refusal is the mutation error with its code (rule 7)', async () => {
    const { chat, state } = setup()
    await act(() =>
      actions.login?.({ userID: 'hook_kim', userSig: 'not-a-sig' }).catch(() => undefined),
    )
    await waitFor(() => expect(state()).toMatch(/^error:700\d\d:/))
    expect(chat.getLoginStatus()).toBe(3)
    await act(() => actions.login?.({ userID: 'bad id', userSig: 'x' }).catch(() => undefined))
    // rule 1: a bad UserID is refused by the client, with its own code.
    await waitFor(() => expect(state()).toContain(`error:${ERROR_CODES.USER_ID_INVALID}:`))
    await chat.destroy()
  })
})
