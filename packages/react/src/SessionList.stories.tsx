import { Chat, type ChatClient, type ChatSnapshot } from '@chatgate/core'
import {
  type ChatError,
  chatError,
  ERROR_CODES,
  LOGIN_STATUS,
  type Locale,
  type SessionInfo,
} from '@chatgate/protocol'
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ChatProvider } from './ChatProvider.js'
import { KickedOutModal } from './KickedOutModal.js'
import { DEFAULT_TEXTS } from './messages.js'
import { SessionList } from './SessionList.js'
import { zhCN } from './zhCN.js'

/** The kit's texts of each locale, as an app passes them. */
const TEXTS = { en: DEFAULT_TEXTS, 'zh-CN': zhCN }

/**
 * SessionList in each of its states. The list's states (a list that never answers, a
 * refused sign-out, a session gone in between) are hard to hold a real server in, so these
 * stories give the provider a small client of their own: logged in as alice, answering the
 * session calls as the story says. The Vitest run saves a screenshot of each story to
 * `.screenshots/storybook/` (see .storybook/vitest.setup.ts).
 */
type Theme = 'light' | 'dark'

/** How the story's client answers: at once, never (pending), or with a refusal. */
type Answer = 'ok' | 'pending' | ChatError

interface Scenario {
  sessions: SessionInfo[]
  /** getSessions: the first answer, then `ok` (so "Retry now" shows the list). */
  list?: Answer
  /** endSession / endOtherSessions. */
  end?: Answer
  locale?: Locale
}

const AT = Date.UTC(2026, 11, 7, 9, 30)
const MINUTE = 60_000

const session = (fields: Partial<SessionInfo> & Pick<SessionInfo, 'sessionID'>): SessionInfo => ({
  platform: 'web',
  device: '',
  loginTime: AT,
  lastActiveTime: AT,
  address: '203.0.113.7',
  current: false,
  ...fields,
})

const THIS_MAC = session({ sessionID: 'mac', device: 'Chrome on macOS', current: true })
const WINDOWS = session({
  sessionID: 'windows',
  device: 'Chrome on Windows',
  loginTime: AT - 2 * 86_400_000,
  lastActiveTime: AT - 5 * MINUTE,
})
const IPHONE = session({
  sessionID: 'iphone',
  platform: 'iphone',
  device: 'Alice’s iPhone',
  loginTime: AT - 9 * 86_400_000,
  lastActiveTime: AT - 3 * 3_600_000,
})
const UNNAMED = session({ sessionID: 'android', platform: 'android', loginTime: AT - MINUTE })
/** The server lists them in no particular order; the list puts this device first. */
const DEVICES = [WINDOWS, THIS_MAC, IPHONE, UNNAMED]

const LOGGED_IN: ChatSnapshot = {
  loginStatus: LOGIN_STATUS.LOGINED,
  userID: 'alice',
  ready: true,
  netState: 'connected',
  kick: null,
  error: null,
  userSigExpiresAt: null,
}

const done = <T,>(data: T) => Promise.resolve({ code: 0 as const, data })

/** A logged-in client whose session calls answer as the scenario says; ends change its list. */
function storyClient(scenario: Scenario): ChatClient & { calls: string[] } {
  let sessions = [...scenario.sessions]
  let listAnswer = scenario.list ?? 'ok'
  const calls: string[] = []
  const answer = <T,>(kind: Answer, data: () => T) =>
    kind === 'ok'
      ? done(data())
      : kind === 'pending'
        ? new Promise<never>(() => {})
        : Promise.reject(kind)
  return {
    calls,
    subscribe: () => () => {},
    getSnapshot: () => LOGGED_IN,
    login: () => new Promise(() => {}),
    logout: () => done({}),
    destroy: () => done({}),
    on: () => {},
    off: () => {},
    getSessions: () => {
      calls.push('getSessions')
      const kind = listAnswer
      listAnswer = 'ok'
      return answer(kind, () => ({ sessions: [...sessions] }))
    },
    endSession: (sessionID) => {
      calls.push(`endSession ${sessionID}`)
      return answer(scenario.end ?? 'ok', () => {
        sessions = sessions.filter((each) => each.sessionID !== sessionID)
        return { ended: 1 }
      })
    },
    endOtherSessions: () => {
      calls.push('endOtherSessions')
      return answer(scenario.end ?? 'ok', () => {
        const ended = sessions.length - 1
        sessions = sessions.filter((each) => each.current)
        return { ended }
      })
    },
  }
}

/** A page in the story's theme, as wide as an app's settings column. */
const page: Decorator = (Story, context) => {
  const theme = (context.parameters.theme as Theme | undefined) ?? 'light'
  return (
    <div
      data-chatgate-theme={theme}
      style={{
        minHeight: '100vh',
        boxSizing: 'border-box',
        padding: '1.5rem 1rem',
        background: theme === 'dark' ? '#0d1117' : '#f6f8fa',
      }}
    >
      <div style={{ maxWidth: '34rem', margin: '0 auto' }}>
        <Story />
      </div>
    </div>
  )
}

const meta = {
  title: 'SessionList',
  component: SessionList,
  decorators: [page],
  parameters: {
    layout: 'fullscreen',
    chatProvider: false,
  },
} satisfies Meta<typeof SessionList>

export default meta
type Story = StoryObj<typeof meta>

const clientOf = new WeakMap<Scenario, ReturnType<typeof storyClient>>()

/** The story's provider: its own client for the scenario, in the scenario's locale. */
function ScenarioList({ scenario }: { scenario: Scenario }) {
  const [client] = useState(() => {
    const made = storyClient(scenario)
    clientOf.set(scenario, made)
    return made
  })
  return (
    <ChatProvider client={client} locale={scenario.locale ?? 'en'} texts={textsOf(scenario)}>
      <SessionList />
    </ChatProvider>
  )
}

const textsOf = (scenario: Scenario) => TEXTS[scenario.locale ?? 'en']
const dateOf = (locale: Locale, at: number) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at)

/** The list's rows, once they are there. */
async function rows(canvasElement: HTMLElement, locale: Locale = 'en') {
  const list = await within(canvasElement).findByRole('list', {
    name: TEXTS[locale].devices,
  })
  return within(list).getAllByRole('listitem')
}

function story(scenario: Scenario, rest: Partial<Story> = {}): Story {
  return { render: () => <ScenarioList scenario={scenario} />, ...rest }
}

/** While the first list loads: a status line, no rows, no buttons. */
export const Loading = story(
  { sessions: DEVICES, list: 'pending' },
  {
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement)
      await expect(canvas.getByRole('status')).toHaveTextContent('Loading devices…')
      await expect(getComputedStyle(canvas.getByRole('status'), '::before').animationName).toBe(
        'chatgate-spin',
      )
      await expect(canvasElement.querySelector('.chatgate-sessions')).toHaveAttribute(
        'aria-busy',
        'true',
      )
      await expect(canvas.queryByRole('list')).toBeNull()
      await expect(canvas.queryByRole('button')).toBeNull()
    },
  },
)

const devicesScenario: Scenario = { sessions: DEVICES }

/**
 * This device first, marked and without "Sign out"; each other with its platform, device
 * (or "Unknown device"), login time and last seen, and a "Sign out" described by its device.
 */
export const Devices = story(devicesScenario, {
  play: async ({ canvasElement }) => {
    const [first, ...others] = await rows(canvasElement)
    const texts = DEFAULT_TEXTS
    await expect(first).toHaveTextContent('Chrome on macOS')
    await expect(first).toHaveTextContent(texts.thisDevice)
    await expect(first).toHaveTextContent(`Signed in ${dateOf('en', AT)}`)
    await expect(first).not.toHaveTextContent('Last seen')
    await expect(within(first as HTMLElement).queryByRole('button')).toBeNull()
    await expect(others).toHaveLength(3)
    const windows = others.find((row) => row.textContent?.includes('Chrome on Windows'))
    await expect(windows).toHaveTextContent('Web')
    await expect(windows).toHaveTextContent(`Last seen ${dateOf('en', AT - 5 * MINUTE)}`)
    const unnamed = others.find((row) => row.textContent?.includes('Android'))
    await expect(unnamed).toHaveTextContent(texts.unknownDevice)
    const signOut = within(windows as HTMLElement).getByRole('button', { name: 'Sign out' })
    await expect(signOut).toHaveAccessibleDescription('Chrome on Windows')
    await expect(
      within(canvasElement).getByRole('button', { name: texts.signOutOthers }),
    ).toBeEnabled()
  },
})

/** Only this device: no "Sign out" anywhere, and a line that says so. */
export const NoOtherDevices = story(
  { sessions: [THIS_MAC] },
  {
    play: async ({ canvasElement }) => {
      await rows(canvasElement)
      const canvas = within(canvasElement)
      await expect(canvas.getByRole('status')).toHaveTextContent('No other devices.')
      await expect(canvas.queryByRole('button')).toBeNull()
    },
  },
)

const pendingScenario: Scenario = { sessions: DEVICES, end: 'pending' }

/** A sign-out that runs: its row says "Signing out…" with a spinner; every button waits. */
export const SigningOut = story(pendingScenario, {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await rows(canvasElement)
    const windows = canvas.getByText('Chrome on Windows').closest('li') as HTMLElement
    await userEvent.click(within(windows).getByRole('button', { name: 'Sign out' }))
    const pending = within(windows).getByRole('button', { name: 'Signing out…' })
    await expect(pending).toBeDisabled()
    await expect(windows).toHaveAttribute('data-state', 'pending')
    await expect(getComputedStyle(pending, '::before').animationName).toBe('chatgate-spin')
    for (const button of canvas.getAllByRole('button')) await expect(button).toBeDisabled()
    await expect(clientOf.get(pendingScenario)?.calls).toContain('endSession windows')
  },
})

const unreachableScenario: Scenario = {
  sessions: DEVICES,
  list: chatError(ERROR_CODES.NETWORK_ERROR),
}

/** The list could not be loaded: the network's words, and "Retry now" loads it. */
export const LoadFailed = story(unreachableScenario, {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole('alert')
    await expect(alert).toHaveTextContent(DEFAULT_TEXTS.unreachable)
    await expect(alert).toHaveAttribute('data-tone', 'error')
    await expect(alert).not.toHaveTextContent(String(ERROR_CODES.NETWORK_ERROR))
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry now' }))
    await expect(await rows(canvasElement)).toHaveLength(4)
    await expect(canvas.queryByRole('alert')).toBeNull()
  },
})

const refusedScenario: Scenario = {
  sessions: DEVICES,
  end: chatError(ERROR_CODES.CURRENT_SESSION),
}

/** A sign-out the server refused: the list says so, reloads, and keeps the device. */
export const SignOutFailed = story(refusedScenario, {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await rows(canvasElement)
    const iphone = canvas.getByText('Alice’s iPhone').closest('li') as HTMLElement
    await userEvent.click(within(iphone).getByRole('button', { name: 'Sign out' }))
    const alert = await canvas.findByRole('alert')
    await expect(alert).toHaveTextContent(DEFAULT_TEXTS.devicesFailed)
    await expect(await rows(canvasElement)).toHaveLength(4)
    // The list was asked again after the failure.
    await waitFor(() =>
      expect(clientOf.get(refusedScenario)?.calls.filter((c) => c === 'getSessions')).toHaveLength(
        2,
      ),
    )
  },
})

const goneScenario: Scenario = { sessions: DEVICES, end: chatError(ERROR_CODES.NO_SUCH_SESSION) }

/** The device was gone already (90019): that is what the user asked for, so no error. */
export const AlreadyGone = story(goneScenario, {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await rows(canvasElement)
    const windows = canvas.getByText('Chrome on Windows').closest('li') as HTMLElement
    await userEvent.click(within(windows).getByRole('button', { name: 'Sign out' }))
    await waitFor(() =>
      expect(clientOf.get(goneScenario)?.calls.filter((c) => c === 'getSessions')).toHaveLength(2),
    )
    await expect(canvas.queryByRole('alert')).toBeNull()
  },
})

const confirmScenario: Scenario = { sessions: DEVICES }

/**
 * "Sign out all other devices" asks first: the question, a red "Sign out" and "Cancel",
 * with focus on Cancel (the same button, so a double click cannot confirm). Cancel goes
 * back; confirming signs every other device out, and the list says no other devices.
 */
export const ConfirmSignOutOthers = story(confirmScenario, {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const texts = DEFAULT_TEXTS
    await rows(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: texts.signOutOthers }))
    const question = canvas.getByRole('group', { name: texts.confirmSignOutOthers })
    const cancel = within(question).getByRole('button', { name: texts.cancel })
    await expect(cancel).toHaveFocus()
    await userEvent.click(cancel)
    await expect(canvas.queryByRole('group', { name: texts.confirmSignOutOthers })).toBeNull()
    const again = canvas.getByRole('button', { name: texts.signOutOthers })
    await expect(again).toHaveFocus()
    await expect(clientOf.get(confirmScenario)?.calls).not.toContain('endOtherSessions')
    await userEvent.click(again)
    await userEvent.click(within(question).getByRole('button', { name: texts.signOut }))
    await expect(await canvas.findByText(texts.noOtherDevices)).toBeVisible()
    await expect(await rows(canvasElement)).toHaveLength(1)
    await expect(clientOf.get(confirmScenario)?.calls).toContain('endOtherSessions')
  },
})

/** The confirmation step as it looks, held open. */
export const ConfirmStep = story(
  { sessions: DEVICES },
  {
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement)
      await rows(canvasElement)
      await userEvent.click(canvas.getByRole('button', { name: DEFAULT_TEXTS.signOutOthers }))
      const question = canvas.getByRole('group', { name: DEFAULT_TEXTS.confirmSignOutOthers })
      const danger = within(question).getByRole('button', { name: DEFAULT_TEXTS.signOut })
      await expect(danger).toHaveAttribute('data-tone', 'danger')
    },
  },
)

/** No horizontal scroll at 360 px; the buttons stay a finger wide. */
export const Narrow = story(
  { sessions: DEVICES },
  {
    globals: { viewport: { value: 'phone360', isRotated: false } },
    play: async ({ canvasElement }) => {
      await rows(canvasElement)
      const view = canvasElement.ownerDocument.documentElement
      await expect(view.clientWidth).toBeLessThanOrEqual(360)
      await expect(view.scrollWidth).toBeLessThanOrEqual(view.clientWidth)
      for (const button of within(canvasElement).getAllByRole('button')) {
        await expect(button.getBoundingClientRect().right).toBeLessThanOrEqual(view.clientWidth)
        await expect(button.getBoundingClientRect().height).toBeGreaterThanOrEqual(36)
      }
    },
  },
)

const rgb = (color: string) => (color.match(/\d+/g) ?? []).slice(0, 3).map(Number)
/** Relative luminance, 0 (black) to 1 (white), enough to tell a dark surface from a light one. */
const luminance = (color: string) => {
  const [r = 0, g = 0, b = 0] = rgb(color).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** Dark: the list's surface dark, its text light; the page keeps its own colour scheme. */
export const Dark = story(
  { sessions: DEVICES },
  {
    parameters: { theme: 'dark' },
    play: async ({ canvasElement }) => {
      await rows(canvasElement)
      const list = canvasElement.querySelector('.chatgate-sessions ul') as HTMLElement
      await expect(luminance(getComputedStyle(list).backgroundColor)).toBeLessThan(0.05)
      await expect(luminance(getComputedStyle(list).color)).toBeGreaterThan(0.6)
      await expect(getComputedStyle(canvasElement.ownerDocument.documentElement).colorScheme).toBe(
        'normal',
      )
    },
  },
)

const chineseScenario: Scenario = { sessions: DEVICES, locale: 'zh-CN' }

/** Simplified Chinese: the texts, the platform words and the dates in the locale. */
export const Chinese = story(chineseScenario, {
  play: async ({ canvasElement }) => {
    const texts = textsOf(chineseScenario)
    const [first, ...others] = await rows(canvasElement, 'zh-CN')
    await expect(first).toHaveTextContent(texts.thisDevice)
    await expect(first).toHaveTextContent(`登录于 ${dateOf('zh-CN', AT)}`)
    await expect(others.find((row) => row.textContent?.includes('Windows'))).toHaveTextContent(
      '网页',
    )
    await expect(others.find((row) => row.textContent?.includes('Android'))).toHaveTextContent(
      texts.unknownDevice,
    )
    const canvas = within(canvasElement)
    await expect(canvas.getAllByRole('button', { name: texts.signOut })).toHaveLength(3)
    await userEvent.click(canvas.getByRole('button', { name: texts.signOutOthers }))
    await expect(canvas.getByRole('group', { name: texts.confirmSignOutOthers })).toBeVisible()
  },
})

type Config = { SDKAppID: number; url: string }

async function userSigOf(userID: string): Promise<string> {
  const answer = await fetch('/__chatgate/usersig', {
    method: 'POST',
    body: JSON.stringify({ userID }),
  })
  return ((await answer.json()) as { userSig: string }).userSig
}

/**
 * Two devices of one user against the live login server the Storybook dev server starts
 * (.storybook/chatgateDevServer.ts): a laptop (web) and a phone (android), each with its
 * own client, list and kicked-out dialog.
 */
function LiveDevices() {
  const [pair, setPair] = useState<{ laptop: Chat; phone: Chat } | 'unavailable' | null>(null)
  useEffect(() => {
    let live = true
    const made: Chat[] = []
    fetch('/__chatgate/config')
      .then((answer) => (answer.ok ? (answer.json() as Promise<Config>) : Promise.reject()))
      .then(async (config) => {
        const userID = `story_${Date.now().toString(36)}`
        const phone = new Chat({ ...config, platform: 'android', logLevel: 4 })
        const laptop = new Chat({ ...config, logLevel: 4 })
        made.push(phone, laptop)
        await phone.login({ userID, userSig: await userSigOf(userID), device: 'Alice’s phone' })
        await laptop.login({ userID, userSig: await userSigOf(userID), device: 'Alice’s laptop' })
        if (live) setPair({ laptop, phone })
      })
      .catch(() => live && setPair('unavailable'))
    return () => {
      live = false
      for (const chat of made) chat.destroy().catch(() => {})
    }
  }, [])
  if (pair === null) return <p>Starting the login server…</p>
  if (pair === 'unavailable') {
    return <p>This story needs a live login server: run it with `pnpm storybook`.</p>
  }
  return (
    <div style={{ display: 'grid', gap: '1.5rem' }}>
      {(['laptop', 'phone'] as const).map((name) => (
        <section key={name} aria-label={name === 'laptop' ? 'Laptop' : 'Phone'}>
          <ChatProvider client={pair[name]}>
            <SessionList />
            <KickedOutModal />
          </ChatProvider>
        </section>
      ))}
    </div>
  )
}

/**
 * The real thing: the laptop lists both devices, signs the phone out, and the phone's
 * dialog names the laptop; the laptop's list reloads to itself alone.
 */
export const LiveSignOutAnotherDevice: Story = {
  render: () => <LiveDevices />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const laptop = within(
      await canvas.findByRole('region', { name: 'Laptop' }, { timeout: 10_000 }),
    )
    const list = await laptop.findByRole('list', { name: 'Your devices' }, { timeout: 10_000 })
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))
    const [own, phone] = within(list).getAllByRole('listitem') as [HTMLElement, HTMLElement]
    await expect(own).toHaveTextContent('Alice’s laptop')
    await expect(own).toHaveTextContent('This device')
    await expect(phone).toHaveTextContent('Alice’s phone')
    await expect(phone).toHaveTextContent('Android')
    await userEvent.click(within(phone).getByRole('button', { name: 'Sign out' }))

    const dialog = await within(canvasElement.ownerDocument.body).findByRole(
      'alertdialog',
      { name: DEFAULT_TEXTS.kicked.sessionEnded.title },
      { timeout: 5_000 },
    )
    await expect(dialog).toHaveAccessibleDescription('Signed out from Alice’s laptop.')
    await expect(dialog).toHaveAttribute('data-kick-type', 'sessionEnded')
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1))
  },
}
