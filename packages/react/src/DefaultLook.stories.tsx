import { Chat, type ChatClient } from '@chatgate/core'
import { chatError, ERROR_CODES, type Locale } from '@chatgate/protocol'
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ChatProvider } from './ChatProvider.js'
import { LoginForm } from './LoginForm.js'
import { LoginGate } from './LoginGate.js'
import { DEFAULT_TEXTS } from './messages.js'
import { SignOutButton } from './SignOutButton.js'
import { zhCN } from './zhCN.js'

/** The kit's texts of each locale, as an app passes them. */
const TEXTS = { en: DEFAULT_TEXTS, 'zh-CN': zhCN }

/**
 * The default look, as a user meets it: LoginGate's card on a page, in each state (idle,
 * pending, refused, the notice after a kicked tab's reload, loading, reconnecting), each in
 * light, dark, 360 px and Simplified Chinese. The Vitest run saves a screenshot of every
 * story of this file to `.screenshots/storybook/` (see .storybook/vitest.setup.ts).
 */
type Theme = 'light' | 'dark'
type LookState = 'idle' | 'pending' | 'error' | 'notice' | 'loading' | 'reconnecting'
interface Variant {
  theme?: Theme
  locale?: Locale
  narrow?: boolean
}

/** Nothing listens here: a login fails with a network error, as when the server is down. */
const NOWHERE = { SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' }
const KICK_KEY = `chatgate:kicked:${NOWHERE.SDKAppID}`

/** A page in the story's theme (the stylesheet's `data-chatgate-theme`), filling the frame. */
const page: Decorator = (Story, context) => {
  const theme = (context.parameters.theme as Theme | undefined) ?? 'light'
  return (
    <div
      data-chatgate-theme={theme}
      style={{ minHeight: '100vh', background: theme === 'dark' ? '#0d1117' : '#f6f8fa' }}
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
    chatProvider: false,
  },
  args: { getUserSig: async () => 'never-used' },
} satisfies Meta<typeof LoginGate>

export default meta
type Story = StoryObj<typeof meta>

/** The header slot as an app fills it: its logo and its name. */
const logo = (
  <svg width="40" height="40" viewBox="0 0 40 40" role="img" aria-label="Acme">
    <rect width="40" height="40" rx="10" fill="#0b57d0" />
    <path d="M11 27 20 12l9 15h-5l-4-7-4 7z" fill="#fff" />
  </svg>
)
const header = { logo, appName: 'Acme Chat' }

/** The provider as an app sets it up, in the story's locale; `autoLogin` for a silent login. */
function Page({ state, locale }: { state: LookState; locale: Locale }) {
  const autoLogin =
    state === 'loading'
      ? () => new Promise<null>(() => {})
      : state === 'reconnecting'
        ? async () => ({ userID: 'alice', userSig: 'sig-of-alice' })
        : undefined
  const form = { getUserSig: async () => 'never-used', defaultUserID: 'alice', ...header }
  return (
    <ChatProvider options={NOWHERE} locale={locale} texts={TEXTS[locale]} autoLogin={autoLogin}>
      {state === 'pending' || state === 'error' ? (
        <div className="chatgate-screen">
          <LoginForm
            {...form}
            pending={state === 'pending'}
            error={state === 'error' ? chatError(ERROR_CODES.NETWORK_ERROR) : undefined}
          />
        </div>
      ) : (
        <LoginGate {...form} defaultUserID={undefined}>
          <main>app</main>
        </LoginGate>
      )}
    </ChatProvider>
  )
}

const rgb = (color: string) => (color.match(/\d+/g) ?? []).slice(0, 3).map(Number)
/** Relative luminance, 0 (black) to 1 (white), enough to tell a dark surface from a light one. */
const luminance = (color: string) => {
  const [r = 0, g = 0, b = 0] = rgb(color).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The card is centred in the page, has its shadow, and nothing scrolls sideways. */
async function expectCentredCard(card: HTMLElement) {
  const box = card.getBoundingClientRect()
  const view = card.ownerDocument.documentElement
  await expect(Math.abs(box.left + box.width / 2 - view.clientWidth / 2)).toBeLessThan(2)
  await expect(view.scrollWidth).toBeLessThanOrEqual(view.clientWidth)
  await expect(box.right).toBeLessThanOrEqual(view.clientWidth)
  await expect(getComputedStyle(card).boxShadow).not.toBe('none')
}

/** What every state must show; `checks` adds the state's own. */
const STATE_CHECKS: Record<LookState, (card: HTMLElement, locale: Locale) => Promise<void>> = {
  async idle(card, locale) {
    const texts = TEXTS[locale]
    const canvas = within(card)
    const field = canvas.getByRole('textbox', { name: texts.userIDLabel })
    await waitFor(() => expect(field).toHaveFocus())
    // No status row waits empty under the field.
    await expect(canvas.getByRole('status').getBoundingClientRect().height).toBe(0)
    await expect(canvas.getByRole('button', { name: texts.logIn })).toBeEnabled()
  },
  async pending(card, locale) {
    const button = within(card).getByRole('button', { name: TEXTS[locale].loggingIn })
    await expect(button).toBeDisabled()
    // The spinner turns inside the button, which spans the card whatever its label says.
    await expect(getComputedStyle(button, '::before').animationName).toBe('chatgate-spin')
    const form = card.getBoundingClientRect()
    await expect(button.getBoundingClientRect().width).toBeGreaterThan(form.width * 0.7)
  },
  async error(card, locale) {
    const status = within(card).getByRole('status')
    await expect(status).toHaveTextContent(TEXTS[locale].unreachable)
    // Codes are for developers: off unless `showErrorCode`.
    await expect(status).not.toHaveTextContent(String(ERROR_CODES.NETWORK_ERROR))
    await expect(status).toHaveAttribute('data-tone', 'error')
  },
  async notice(card, locale) {
    const texts = TEXTS[locale]
    const status = await within(card).findByText(texts.kicked.multipleDevice.text)
    await expect(within(card).getByRole('textbox')).toHaveValue('alice')
    // Why the user is here is no error: neutral, no code, the field not marked invalid.
    await expect(status).toHaveAttribute('data-tone', 'notice')
    await expect(status).not.toHaveTextContent(/\d{4}/)
    await expect(within(card).getByRole('textbox')).not.toHaveAttribute('aria-invalid')
  },
  async loading(card, locale) {
    const status = within(card).getByRole('status')
    await expect(status).toHaveTextContent(TEXTS[locale].loggingIn)
    await expect(getComputedStyle(status, '::before').animationName).toBe('chatgate-spin')
    await expect(within(card).queryByRole('textbox')).toBeNull()
  },
  async reconnecting(card, locale) {
    const texts = TEXTS[locale]
    await within(card).findByRole('button', { name: texts.retry }, { timeout: 5_000 })
    await expect(within(card).getByRole('status')).toHaveTextContent(texts.reconnecting)
    await expect(within(card).queryByRole('textbox')).toBeNull()
  },
}

function look(state: LookState, { theme = 'light', locale = 'en', narrow }: Variant = {}): Story {
  return {
    parameters: { theme },
    ...(narrow ? { globals: { viewport: { value: 'phone360', isRotated: false } } } : {}),
    beforeEach: () => {
      if (state === 'notice') {
        // A reload after a kick: the kit's mark, the browser's while its tabs share.
        localStorage.setItem(KICK_KEY, JSON.stringify({ type: 'multipleDevice', userID: 'alice' }))
      }
    },
    render: () => <Page state={state} locale={locale} />,
    play: async ({ canvasElement }) => {
      // The reconnecting card takes the loading card's place once the first attempt failed;
      // the form takes it once the tab has heard the others (the tabs share the session).
      const selector =
        state === 'reconnecting'
          ? '.chatgate-reconnecting'
          : state === 'idle' || state === 'notice'
            ? '.chatgate-login-form'
            : '.chatgate-card'
      const card = await waitFor(
        () => {
          const found = canvasElement.querySelector(selector)
          if (!(found instanceof HTMLElement)) throw new Error(`no ${selector} yet`)
          return found
        },
        { timeout: 5_000 },
      )
      const texts = TEXTS[locale]
      await expect(within(card).getByRole('heading', { name: texts.heading })).toBeVisible()
      await expect(
        within(card).getByText(texts.continueTo.replace('{app}', 'Acme Chat')),
      ).toBeVisible()
      await STATE_CHECKS[state](card, locale)
      await expectCentredCard(card)
      if (narrow) {
        await expect(card.ownerDocument.documentElement.clientWidth).toBeLessThanOrEqual(360)
        const action = card.querySelector('button, .chatgate-busy') as HTMLElement
        await expect(action.getBoundingClientRect().height).toBeGreaterThanOrEqual(44)
      }
      if (theme === 'dark') {
        // Every surface is dark and every text light, the input included.
        await expect(luminance(getComputedStyle(card).backgroundColor)).toBeLessThan(0.05)
        await expect(luminance(getComputedStyle(card).color)).toBeGreaterThan(0.6)
        const field = card.querySelector('input')
        if (field)
          await expect(luminance(getComputedStyle(field).backgroundColor)).toBeLessThan(0.05)
      }
      // The kit styles its own elements only: the page keeps its own colour scheme.
      await expect(getComputedStyle(card.ownerDocument.documentElement).colorScheme).toBe('normal')
    },
  }
}

export const IdleLight = look('idle')
export const IdleDark = look('idle', { theme: 'dark' })
export const IdleNarrow = look('idle', { narrow: true })
export const IdleChinese = look('idle', { locale: 'zh-CN' })
export const PendingLight = look('pending')
export const PendingDark = look('pending', { theme: 'dark' })
export const PendingNarrow = look('pending', { narrow: true })
export const PendingChinese = look('pending', { locale: 'zh-CN' })
export const ErrorLight = look('error')
export const ErrorDark = look('error', { theme: 'dark' })
export const ErrorNarrow = look('error', { narrow: true })
export const ErrorChinese = look('error', { locale: 'zh-CN' })
export const NoticeLight = look('notice')
export const NoticeDark = look('notice', { theme: 'dark' })
export const NoticeNarrow = look('notice', { narrow: true })
export const NoticeChinese = look('notice', { locale: 'zh-CN' })
export const LoadingLight = look('loading')
export const LoadingDark = look('loading', { theme: 'dark' })
export const LoadingNarrow = look('loading', { narrow: true })
export const LoadingChinese = look('loading', { locale: 'zh-CN' })
export const ReconnectingLight = look('reconnecting')
export const ReconnectingDark = look('reconnecting', { theme: 'dark' })
export const ReconnectingNarrow = look('reconnecting', { narrow: true })
export const ReconnectingChinese = look('reconnecting', { locale: 'zh-CN' })

/** Keyboard focus is visible on the field and on the button. */
export const FocusVisible: Story = {
  render: () => <Page state="idle" locale="en" />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const field = await canvas.findByRole('textbox', { name: 'User ID' })
    await waitFor(() => expect(field).toHaveFocus())
    await expect(getComputedStyle(field).outlineStyle).toBe('solid')
    await userEvent.tab()
    const button = canvas.getByRole('button', { name: 'Log in' })
    await expect(button).toHaveFocus()
    await expect(getComputedStyle(button).outlineStyle).toBe('solid')
  },
}

/** The app's `getUserSig` failed: the form says so in the app's own words, under the field. */
export const GetUserSigError: Story = {
  render: () => (
    <ChatProvider options={NOWHERE}>
      <LoginGate
        getUserSig={async () => {
          throw new Error('backend is down')
        }}
        {...header}
      >
        <main>app</main>
      </LoginGate>
    </ChatProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(await canvas.findByRole('textbox', { name: 'User ID' }), 'alice')
    await userEvent.click(canvas.getByRole('button', { name: 'Log in' }))
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        'Could not sign you in: backend is down',
      ),
    )
    await expect(canvas.getByRole('textbox')).toHaveAttribute('aria-invalid', 'true')
  },
}

/** Loading, reconnecting and the idle form are one size: one replaces another without a jump. */
export const SameSizeCards: Story = {
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: '1rem' }}>
      <Page state="loading" locale="en" />
      <Page state="reconnecting" locale="en" />
      <Page state="idle" locale="en" />
    </div>
  ),
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole('button', { name: 'Retry now' }, { timeout: 5_000 })
    const heights = [...canvasElement.querySelectorAll('.chatgate-card')].map(
      (card) => card.getBoundingClientRect().height,
    )
    await expect(heights).toHaveLength(3)
    for (const height of heights) await expect(Math.abs(height - (heights[0] ?? 0))).toBeLessThan(1)
  },
}

/** A client that is logged in and whose logout never finishes, to show the pending button. */
function stuckClient(): ChatClient {
  const chat = new Chat(NOWHERE)
  return {
    subscribe: chat.subscribe,
    getSnapshot: chat.getSnapshot,
    login: (options) => chat.login(options),
    logout: () => new Promise(() => {}),
    destroy: () => chat.destroy(),
    getSessions: () => chat.getSessions(),
    endSession: (sessionID) => chat.endSession(sessionID),
    endOtherSessions: () => chat.endOtherSessions(),
    on: (name, handler) => chat.on(name, handler),
    off: (name, handler) => chat.off(name, handler),
  }
}

/** `SignOutButton` while its logout runs: disabled, spinner, "Signing out…". */
export const SignOutPending: Story = {
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
