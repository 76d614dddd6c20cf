import { Chat, type KickInfo } from '@chatgate/core'
import { KICK_TYPE_VALUES, type Locale } from '@chatgate/protocol'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { expectNoAxeViolations } from '../test/axe.js'
import { type LiveServer, loginElsewhere, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { KickedOutModal } from './KickedOutModal.js'
import { DEFAULT_TEXTS } from './messages.js'
import { zhCN } from './zhCN.js'

/** The kit's texts of each locale, as an app passes them. */
const TEXTS = { en: DEFAULT_TEXTS, 'zh-CN': zhCN }

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const cases = KICK_TYPE_VALUES.flatMap((type) =>
  (['en', 'zh-CN'] as Locale[]).map((locale) => ({ type, locale })),
)

describe('KickedOutModal', () => {
  test.each(cases)(
    '$type in $locale: titled alertdialog, focus on "log in again", axe clean',
    async ({ type, locale }) => {
      const kick: KickInfo = { type, userID: 'ann', at: 1 }
      const onLogInAgain = vi.fn()
      render(
        <ChatProvider options={live.options()} locale={locale} texts={TEXTS[locale]}>
          <KickedOutModal kick={kick} onLogInAgain={onLogInAgain} />
        </ChatProvider>,
      )
      const texts = TEXTS[locale]
      const dialog = screen.getByRole('alertdialog', { name: texts.kicked[type].title })
      expect(dialog).toHaveAccessibleDescription(texts.kicked[type].text)
      expect(dialog).toHaveAttribute('data-state', 'open')
      const again = screen.getByRole('button', { name: texts.logInAgain })
      expect(again).toHaveFocus()
      await expectNoAxeViolations()
      // Escape reaches a dialog as `cancel`; the dialog refuses it.
      const cancel = new Event('cancel', { cancelable: true })
      dialog.dispatchEvent(cancel)
      expect(cancel.defaultPrevented).toBe(true)
      await userEvent.keyboard('{Escape}')
      expect(dialog).toHaveAttribute('open')
      await userEvent.click(again)
      expect(onLogInAgain).toHaveBeenCalledTimes(1)
    },
  )

  test('renders nothing without a kick', () => {
    const { container } = render(
      <ChatProvider options={live.options()}>
        <KickedOutModal />
      </ChatProvider>,
    )
    expect(container).toBeEmptyDOMElement()
  })

  test('texts can be overridden per kick type', () => {
    render(
      <ChatProvider
        options={live.options()}
        texts={{
          kicked: { ...DEFAULT_TEXTS.kicked, userSigExpired: { title: 'T', text: 'X' } },
        }}
      >
        <KickedOutModal kick={{ type: 'userSigExpired', userID: 'ann', at: 1 }} />
      </ChatProvider>,
    )
    expect(screen.getByRole('alertdialog', { name: 'T' })).toHaveAccessibleDescription('X')
  })

  test('an admin REST kick opens it; "Log in again" closes it and focus returns (rule 13)', async () => {
    const chat = new Chat(live.options())
    render(
      <ChatProvider client={chat}>
        <button type="button">Compose</button>
        <KickedOutModal />
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'modal_rest', userSig: live.sign('modal_rest') }))
    screen.getByRole('button', { name: 'Compose' }).focus()
    await act(() => live.kick('modal_rest'))
    const dialog = await screen.findByRole('alertdialog', {
      name: DEFAULT_TEXTS.kicked.REST_API_Kick.title,
    })
    expect(screen.getByRole('button', { name: 'Log in again' })).toHaveFocus()
    await userEvent.click(screen.getByRole('button', { name: 'Log in again' }))
    expect(dialog).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Compose' })).toHaveFocus()
    // rule 17: the client stays logged out; nothing logs in by itself.
    expect(chat.getLoginStatus()).toBe(3)
    await chat.destroy()
  })

  test('a second web login of the same user shows multipleAccount (rule 12)', async () => {
    const chat = new Chat(live.options())
    render(
      <ChatProvider client={chat}>
        <KickedOutModal />
      </ChatProvider>,
    )
    await act(() => chat.login({ userID: 'modal_twice', userSig: live.sign('modal_twice') }))
    const other = await loginElsewhere(live, 'modal_twice')
    await screen.findByRole('alertdialog', {
      name: DEFAULT_TEXTS.kicked.multipleAccount.title,
    })
    await waitFor(() => expect(chat.getLoginStatus()).toBe(3))
    expect(other.isReady()).toBe(true)
    await other.destroy()
    await chat.destroy()
  })
})
