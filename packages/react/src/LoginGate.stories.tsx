import type { KickType } from '@chatgate/protocol'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ChatProvider } from './ChatProvider.js'
import { LoginGate } from './LoginGate.js'
import { useLoginStatus } from './useLoginStatus.js'
import { useLogout } from './useLogout.js'

/**
 * LoginGate against a live Chatgate server, which the Storybook dev server (and the
 * Vitest run of the stories) starts in Node; see .storybook/chatgateDevServer.ts. The
 * browser only ever sees UserSigs, never the key.
 */
const meta = {
  title: 'LoginGate',
  component: LoginGate,
  parameters: { chatProvider: false },
} satisfies Meta<typeof LoginGate>

export default meta
type Story = StoryObj<typeof meta>

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const answer = await fetch(`/__chatgate/${path}`, { method: 'POST', body: JSON.stringify(body) })
  if (!answer.ok) throw new Error(`${path}: HTTP ${answer.status}`)
  return answer.json()
}

const getUserSig = async (userID: string) => (await post('usersig', { userID })).userSig as string

function Home() {
  const userID = useLoginStatus((snapshot) => snapshot.userID)
  const logout = useLogout()
  return (
    <main>
      <p>Signed in as {userID}</p>
      <button type="button" onClick={() => post('kick', { userID })}>
        Kick me (admin REST API)
      </button>
      <button type="button" onClick={() => logout.mutate()}>
        Log out
      </button>
    </main>
  )
}

type Config = { SDKAppID: number; url: string }

/** `kickedTab`: the browser was kicked before the page loaded (the kit's mark in localStorage). */
function LiveGate({ kickedTab }: { kickedTab?: { type: KickType; userID: string } }) {
  const [config, setConfig] = useState<Config | 'unavailable' | null>(null)
  useEffect(() => {
    fetch('/__chatgate/config')
      .then((answer) => (answer.ok ? answer.json() : Promise.reject()))
      .then(
        (loaded: Config) => {
          const key = `chatgate:kicked:${loaded.SDKAppID}`
          if (kickedTab) localStorage.setItem(key, JSON.stringify(kickedTab))
          else localStorage.removeItem(key)
          setConfig(loaded)
        },
        () => setConfig('unavailable'),
      )
  }, [kickedTab])
  if (config === null) return <p>Starting the login server…</p>
  if (config === 'unavailable') {
    return <p>This story needs a live login server: run it with `pnpm storybook`.</p>
  }
  return (
    <ChatProvider options={config}>
      <LoginGate getUserSig={getUserSig}>
        <Home />
      </LoginGate>
    </ChatProvider>
  )
}

/** Log in, get kicked by the admin REST API, acknowledge, and land on the login form. */
export const LoginKickBackToLogin: Story = {
  render: () => <LiveGate />,
  args: { getUserSig },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const userID = `story_${Date.now().toString(36)}`
    const field = await canvas.findByRole('textbox', { name: 'User ID' }, { timeout: 10_000 })
    await userEvent.type(field, userID)
    await userEvent.click(canvas.getByRole('button', { name: 'Log in' }))
    await canvas.findByText(`Signed in as ${userID}`, {}, { timeout: 5_000 })

    await userEvent.click(canvas.getByRole('button', { name: 'Kick me (admin REST API)' }))
    const dialog = await canvas.findByRole(
      'alertdialog',
      { name: 'Signed out by an administrator' },
      { timeout: 5_000 },
    )
    // The app stays behind the dialog until the user acknowledges.
    await expect(canvas.getByRole('main')).toBeInTheDocument()
    await userEvent.click(within(dialog).getByRole('button', { name: 'Log in again' }))

    await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull())
    // The form comes back prefilled with the UserID that was kicked.
    const again = await canvas.findByRole('textbox', { name: 'User ID' })
    await expect(again).toHaveValue(userID)
    await waitFor(() => expect(again).toHaveFocus())
  },
}

const kickedTab = { type: 'multipleDevice', userID: 'story_kicked' } as const

/** A reload of a tab that was kicked: the form, prefilled and saying why; nothing logs in. */
export const ReloadAfterKick: Story = {
  render: () => <LiveGate kickedTab={kickedTab} />,
  args: { getUserSig },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole('textbox', { name: 'User ID' }, { timeout: 10_000 })
    // The form starts afresh once the kit has read the tab's kick.
    await waitFor(() =>
      expect(canvas.getByRole('textbox', { name: 'User ID' })).toHaveValue('story_kicked'),
    )
    await expect(canvas.getByRole('status')).toHaveTextContent(
      'Your account was signed in on another device, so this one was signed out.',
    )
    await expect(canvas.queryByText(/Signed in as/)).toBeNull()
  },
}
