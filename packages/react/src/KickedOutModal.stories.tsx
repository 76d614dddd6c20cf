import type { KickInfo } from '@chatgate/core'
import type { KickedBy, KickType } from '@chatgate/protocol'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { KickedOutModal } from './KickedOutModal.js'
import { DEFAULT_TEXTS } from './messages.js'
import { zhCN } from './zhCN.js'

/** The kit's texts of each locale, as an app passes them. */
const TEXTS = { en: DEFAULT_TEXTS, 'zh-CN': zhCN }

const meta = {
  title: 'KickedOutModal',
  component: KickedOutModal,
  args: { onLogInAgain: fn() },
} satisfies Meta<typeof KickedOutModal>

export default meta
type Story = StoryObj<typeof meta>

const AT = Date.UTC(2026, 0, 1, 9, 0)

/**
 * The dialog for one kick type in one locale: modal, focused, not dismissible. With `by`
 * (the user's other session caused it) and `says`, the text names that device.
 */
function kicked(
  type: KickType,
  locale: 'en' | 'zh-CN',
  by?: { by: KickedBy; says: string },
): Story {
  const kick: KickInfo = { type, userID: 'alice', at: AT, ...(by ? { by: by.by } : {}) }
  const texts = TEXTS[locale]
  return {
    args: { kick },
    parameters: { locale },
    play: async ({ canvasElement, args }) => {
      const page = within(canvasElement.ownerDocument.body)
      const dialog = await page.findByRole('alertdialog', { name: texts.kicked[type].title })
      await expect(dialog).toHaveAccessibleDescription(by?.says ?? texts.kicked[type].text)
      const again = within(dialog).getByRole('button', { name: texts.logInAgain })
      await waitFor(() => expect(again).toHaveFocus())
      // Escape and light dismiss go through `cancel`, which the dialog refuses; requestClose
      // fires the same `cancel` a real Escape does. closedby=none turns light dismiss off.
      await userEvent.keyboard('{Escape}')
      ;(dialog as HTMLDialogElement & { requestClose?: () => void }).requestClose?.()
      await expect(dialog).toHaveAttribute('closedby', 'none')
      await expect(dialog).toHaveAttribute('open')
      await expect(dialog).toBeVisible()
      await userEvent.click(again)
      await expect(args.onLogInAgain).toHaveBeenCalledTimes(1)
    },
  }
}

export const MultipleAccount = kicked('multipleAccount', 'en')
export const MultipleDevice = kicked('multipleDevice', 'en')
export const UserSigExpired = kicked('userSigExpired', 'en')
export const RestApiKick = kicked('REST_API_Kick', 'en')
export const MultipleAccountChinese = kicked('multipleAccount', 'zh-CN')
export const MultipleDeviceChinese = kicked('multipleDevice', 'zh-CN')
export const UserSigExpiredChinese = kicked('userSigExpired', 'zh-CN')
export const RestApiKickChinese = kicked('REST_API_Kick', 'zh-CN')
export const SessionEnded = kicked('sessionEnded', 'en')
export const SessionEndedChinese = kicked('sessionEnded', 'zh-CN')

const WINDOWS: KickedBy = { platform: 'web', device: 'Chrome on Windows' }
const IPHONE: KickedBy = { platform: 'iphone', device: 'Alice’s iPhone' }

/** A login past the limit on another device: the dialog names it. */
export const MultipleDeviceBy = kicked('multipleDevice', 'en', {
  by: WINDOWS,
  says: 'You signed in on Chrome on Windows.',
})
export const MultipleAccountBy = kicked('multipleAccount', 'en', {
  by: WINDOWS,
  says: 'You signed in on Chrome on Windows.',
})
/** The user signed this session out from another of theirs: the dialog names that one. */
export const SessionEndedBy = kicked('sessionEnded', 'en', {
  by: IPHONE,
  says: 'Signed out from Alice’s iPhone.',
})
/** A login that named no device: the platform's word stands in for it. */
export const SessionEndedByUnnamed = kicked('sessionEnded', 'en', {
  by: { platform: 'android', device: '' },
  says: 'Signed out from Android.',
})
export const MultipleDeviceByChinese = kicked('multipleDevice', 'zh-CN', {
  by: WINDOWS,
  says: '您已在 Chrome on Windows 上登录。',
})
export const SessionEndedByChinese = kicked('sessionEnded', 'zh-CN', {
  by: IPHONE,
  says: '已从 Alice’s iPhone 退出登录。',
})

/** Focus goes back to where it was once "Log in again" closes the dialog. */
export const ReturnsFocus: Story = {
  render: function Render(args) {
    const [kick, setKick] = useState<KickInfo | null>(null)
    return (
      <>
        <button
          type="button"
          onClick={() => setKick({ type: 'multipleDevice', userID: 'alice', at: AT })}
        >
          Show the dialog
        </button>
        <KickedOutModal
          {...args}
          kick={kick}
          onLogInAgain={() => {
            args.onLogInAgain?.()
            setKick(null)
          }}
        />
      </>
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const trigger = canvas.getByRole('button', { name: 'Show the dialog' })
    await userEvent.click(trigger)
    const dialog = await canvas.findByRole('alertdialog')
    await waitFor(() => expect(within(dialog).getByRole('button')).toHaveFocus())
    await userEvent.click(within(dialog).getByRole('button', { name: 'Log in again' }))
    await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull())
    await expect(trigger).toHaveFocus()
  },
}

/** The app's own words in the body; the dialog is still described by them. */
export const CustomBody: Story = {
  args: {
    kick: { type: 'multipleAccount', userID: 'alice', at: AT },
    children: (
      <p>alice is now open in another tab. Close it there, or log in again here to continue.</p>
    ),
  },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body)
    const dialog = await page.findByRole('alertdialog', {
      name: DEFAULT_TEXTS.kicked.multipleAccount.title,
    })
    await expect(dialog).toHaveAccessibleDescription(
      'alice is now open in another tab. Close it there, or log in again here to continue.',
    )
  },
}
