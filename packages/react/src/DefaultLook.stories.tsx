import { Chat, type ChatClient } from '@chatgate/core'
import { chatError, ERROR_CODES, type Locale } from '@chatgate/protocol'
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ChatProvider } from './ChatProvider.js'
import { LoginForm } from './LoginForm.js'
import { LoginGate } from './LoginGate.js'
import { SignOutButton } from './SignOutButton.js'

/**
 * The default look, as a user meets it: LoginGate's card on a page, in each theme, language,
 * width and state. The Vitest run saves a screenshot of every story of this file to
 * `.screenshots/storybook/` (see .storybook/vitest.setup.ts).
 */
type Theme = 'light' | 'dark'

/** A page in the story's theme (the stylesheet's `data-chatgate-theme`), filling the frame. */
const page: Decorator = (Story, context) => {
  const theme = (context.parameters.theme as Theme | undefined) ?? 'light'
  return (
    <div
      data-chatgate-theme={theme}
      style={{
        minHeight: '100vh',
        background: theme === 'dark' ? '#0d1117' : '#f6f8fa',
        colorScheme: theme,
      }}
    >
      <Story />
    </div>
  )
}

const meta = {
  title: 'Default look',
  component: LoginGate,
  decorators: [page],
  parameters: {
    layout: 'fullscreen',
    viewport: {
      options: {
        phone360: {
          name: 'Phone, 360 px',
          styles: { width: '360px', height: '740px' },
          type: 'mobile',
        },
      },
    },
  },
  args: { getUserSig: async () => 'never-used' },
} satisfies Meta<typeof LoginGate>

export default meta
type Story = StoryObj<typeof meta>

const rgb = (color: string) => (color.match(/\d+/g) ?? []).slice(0, 3).map(Number)
/** Relative luminance, 0 (black) to 1 (white), enough to tell a dark surface from a light one. */
const luminance = (color: string) => {
  const [r = 0, g = 0, b = 0] = rgb(color).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The card is centred in the page and nothing scrolls sideways. */
async function expectCentredCard(canvasElement: HTMLElement) {
  const form = canvasElement.querySelector('form') as HTMLFormElement
  const box = form.getBoundingClientRect()
  const view = canvasElement.ownerDocument.documentElement
  await expect(Math.abs(box.left + box.width / 2 - view.clientWidth / 2)).toBeLessThan(2)
  await expect(view.scrollWidth).toBeLessThanOrEqual(view.clientWidth)
  await expect(getComputedStyle(form).boxShadow).not.toBe('none')
}

export const Light: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('heading', { name: 'Log in to chat' })).toBeVisible()
    await expectCentredCard(canvasElement)
    // Keyboard focus is visible on the field and on the button.
    const field = canvas.getByRole('textbox', { name: 'User ID' })
    await waitFor(() => expect(field).toHaveFocus())
    await expect(getComputedStyle(field).outlineStyle).toBe('solid')
    await userEvent.tab()
    const button = canvas.getByRole('button', { name: 'Log in' })
    await expect(button).toHaveFocus()
    await expect(getComputedStyle(button).outlineStyle).toBe('solid')
  },
}

export const Dark: Story = {
  parameters: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const form = canvasElement.querySelector('form') as HTMLFormElement
    const field = canvas.getByRole('textbox', { name: 'User ID' })
    const label = canvasElement.querySelector('label') as HTMLLabelElement
    // Every surface is dark and every text light, the input included.
    await expect(luminance(getComputedStyle(form).backgroundColor)).toBeLessThan(0.05)
    await expect(luminance(getComputedStyle(field).backgroundColor)).toBeLessThan(0.05)
    await expect(luminance(getComputedStyle(field).color)).toBeGreaterThan(0.6)
    await expect(luminance(getComputedStyle(label).color)).toBeGreaterThan(0.6)
    await expectCentredCard(canvasElement)
  },
}

export const Chinese: Story = {
  parameters: { locale: 'zh-CN' satisfies Locale },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('heading', { name: '登录聊天' })).toBeVisible()
    await expect(canvas.getByRole('textbox', { name: '用户 ID' })).toBeVisible()
    await expect(canvas.getByRole('button', { name: '登录' })).toBeVisible()
  },
}

/** A 360 px wide phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'phone360', isRotated: false } },
  play: async ({ canvasElement }) => {
    const view = canvasElement.ownerDocument.documentElement
    await expect(view.clientWidth).toBeLessThanOrEqual(360)
    await expectCentredCard(canvasElement)
    const form = canvasElement.querySelector('form') as HTMLFormElement
    const button = within(form).getByRole('button', { name: 'Log in' })
    // The field and button stay tappable and inside the card.
    await expect(button.getBoundingClientRect().height).toBeGreaterThanOrEqual(44)
    await expect(form.getBoundingClientRect().right).toBeLessThanOrEqual(view.clientWidth)
  },
}

/** While the login runs: spinner and "Logging in…" under the field, the button disabled. */
export const Pending: Story = {
  render: () => (
    <div className="chatgate-screen">
      <LoginForm getUserSig={async () => ''} defaultUserID="alice" pending />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const status = canvas.getByRole('status')
    await expect(status).toHaveTextContent('Logging in…')
    // The spinner is the status line's ::before, turning.
    await expect(getComputedStyle(status, '::before').animationName).toBe('chatgate-spin')
    await expect(canvas.getByRole('button', { name: 'Log in' })).toBeDisabled()
  },
}

/** The app's `getUserSig` failed: the form says why, under the field. */
export const GetUserSigError: Story = {
  args: {
    getUserSig: async () => {
      throw new Error('backend is down')
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByRole('textbox', { name: 'User ID' }), 'alice')
    await userEvent.click(canvas.getByRole('button', { name: 'Log in' }))
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        'Could not get a UserSig: backend is down (2003)',
      ),
    )
    await expect(canvas.getByRole('textbox')).toHaveAttribute('aria-invalid', 'true')
  },
}

/** A refusal in dark mode, without the `(code)` suffix. */
export const ErrorDarkWithoutCode: Story = {
  parameters: { theme: 'dark' },
  render: () => (
    <div className="chatgate-screen">
      <LoginForm
        getUserSig={async () => ''}
        defaultUserID="alice"
        error={chatError(ERROR_CODES.USER_SIG_EXPIRED)}
        showErrorCode={false}
      />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status')
    await expect(status).toHaveTextContent('The UserSig has expired. Get a new one.')
    await expect(status).not.toHaveTextContent('70001')
  },
}

/** Restoring a session after a reload (`autoLogin` still running): a loading card, no form. */
export const Loading: Story = {
  parameters: { chatProvider: false },
  render: (args) => (
    <ChatProvider
      options={{ SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' }}
      autoLogin={() => new Promise(() => {})}
    >
      <LoginGate getUserSig={args.getUserSig as (userID: string) => Promise<string>}>
        <main>app</main>
      </LoginGate>
    </ChatProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const status = canvas.getByRole('status')
    await expect(status).toHaveTextContent('Logging in…')
    await expect(getComputedStyle(status, '::before').animationName).toBe('chatgate-spin')
    await expect(canvas.queryByRole('textbox')).toBeNull()
    await expect(canvas.queryByText('app')).toBeNull()
  },
}

/** A client that is logged in and whose logout never finishes, to show the pending button. */
function stuckClient(): ChatClient {
  const chat = new Chat({ SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' })
  return {
    subscribe: chat.subscribe,
    getSnapshot: chat.getSnapshot,
    login: (options) => chat.login(options),
    logout: () => new Promise(() => {}),
    destroy: () => chat.destroy(),
    on: (name, handler) => chat.on(name, handler),
    off: (name, handler) => chat.off(name, handler),
  }
}

/** `SignOutButton` while its logout runs: disabled, spinner, "Signing out…". */
export const SignOutPending: Story = {
  parameters: { chatProvider: false },
  render: () => (
    <ChatProvider client={stuckClient()}>
      <div className="chatgate-screen">
        <SignOutButton />
      </div>
    </ChatProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Sign out' }))
    const button = canvas.getByRole('button', { name: 'Signing out…' })
    await expect(button).toBeDisabled()
    await expect(getComputedStyle(button, '::before').animationName).toBe('chatgate-spin')
  },
}
