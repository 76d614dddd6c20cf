// @vitest-environment jsdom
/**
 * The React kit over the adapter over the stand-in with the real SDK's quirks: under
 * StrictMode an app that logs in from an effect gets no 2025, the gate shows the app only
 * once SDK_READY has come, and a kick opens KickedOutModal.
 */
import { ChatProvider, LoginGate, useLogin, useLoginStatus } from '@chatgate/react'
import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode, useEffect } from 'react'
import { beforeEach, expect, test } from 'vitest'
import { fromTencentChat } from '../src/index.js'
import { createScriptedTencentChat, TYPES } from './scriptedTencentChat.js'

beforeEach(() => localStorage.clear())

/** The gate's fallback: logs in from an effect, as many apps do on page load. */
function AutoLogin({ errors }: { errors: number[] }) {
  const { mutate, error } = useLogin()
  useEffect(() => {
    mutate({ userID: 'sq_amy', userSig: 'sig' })
  }, [mutate])
  if (error) errors.push(error.code)
  return <p>Logging in</p>
}

function Inbox() {
  const userID = useLoginStatus((s) => s.userID)
  return <main>Inbox of {userID}</main>
}

test('StrictMode login from an effect: one login reaches the SDK, no 2025, then a kick opens the modal', async () => {
  const { chat, script } = createScriptedTencentChat()
  const client = fromTencentChat(chat)
  const errors: number[] = []
  render(
    <StrictMode>
      <ChatProvider client={client}>
        <LoginGate fallback={<AutoLogin errors={errors} />}>
          <Inbox />
        </LoginGate>
      </ChatProvider>
    </StrictMode>,
  )
  await screen.findByText('Inbox of sq_amy')
  expect(script.calls).toEqual(['login sq_amy'])
  expect(errors).toEqual([])
  expect(chat.isReady()).toBe(true)

  act(() => script.kick(TYPES.KICKED_OUT_MULT_DEVICE))
  const dialog = await screen.findByRole('alertdialog')
  expect(dialog).toHaveAttribute('data-kick-type', 'multipleDevice')
  await waitFor(() => expect(client.getSnapshot().loginStatus).toBe(3))
  await act(() => client.destroy())
})
