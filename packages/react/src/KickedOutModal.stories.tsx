import type { KickInfo } from '@chatgate/core'
import type { KickType } from '@chatgate/protocol'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { KickedOutModal } from './KickedOutModal.js'
import { DEFAULT_TEXTS } from './messages.js'

const meta = {
  title: 'KickedOutModal',
  component: KickedOutModal,
  args: { onLogInAgain: fn() },
} satisfies Meta<typeof KickedOutModal>

export default meta
type Story = StoryObj<typeof meta>

const AT = Date.UTC(2026, 0, 1, 9, 0)

/** The dialog for one kick type in one locale: modal, focused, not dismissible. */
function kicked(type: KickType, locale: 'en' | 'zh-CN'): Story {
  const kick: KickInfo = { type, userID: 'alice', at: AT }
  const texts = DEFAULT_TEXTS[locale]
  return {
    args: { kick },
    parameters: { locale },
    play: async ({ canvasElement, args }) => {
      const page = within(canvasElement.ownerDocument.body)
      const dialog = await page.findByRole('alertdialog', { name: texts.kicked[type].title })
      await expect(dialog).toHaveAccessibleDescription(texts.kicked[type].text)
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
      name: DEFAULT_TEXTS.en.kicked.multipleAccount.title,
    })
    await expect(dialog).toHaveAccessibleDescription(
      'alice is now open in another tab. Close it there, or log in again here to continue.',
    )
  },
}
