import { chatError, ERROR_CODES, englishMessage } from '@chatgate/protocol'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { LoginForm } from './LoginForm.js'
import { zhCN } from './zhCN.js'

const meta = {
  title: 'LoginForm',
  component: LoginForm,
  args: { getUserSig: fn(async () => 'never-used'), onLoggedIn: fn() },
} satisfies Meta<typeof LoginForm>

export default meta
type Story = StoryObj<typeof meta>

export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('textbox', { name: 'User ID' })).toHaveValue('')
    await expect(canvas.getByRole('button', { name: 'Log in' })).toBeEnabled()
    await expect(canvas.getByRole('status')).toBeEmptyDOMElement()
  },
}

export const InvalidUserID: Story = {
  args: { showErrorCode: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    const field = canvas.getByRole('textbox', { name: 'User ID' })
    await userEvent.type(field, 'not valid!')
    await userEvent.click(canvas.getByRole('button', { name: 'Log in' }))
    await expect(canvas.getByRole('status')).toHaveTextContent(
      `${englishMessage(ERROR_CODES.USER_ID_INVALID)} (${ERROR_CODES.USER_ID_INVALID})`,
    )
    await expect(field).toHaveValue('not valid!')
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    // Refused before any network traffic: the sig was never asked for.
    await expect(args.getUserSig).not.toHaveBeenCalled()
  },
}

export const Pending: Story = {
  args: { pending: true, defaultUserID: 'alice' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('button', { name: 'Logging in…' })).toBeDisabled()
    await expect(canvas.getByRole('textbox', { name: 'User ID' })).toHaveValue('alice')
  },
}

/** A login refused with `code`, as the form shows it with `showErrorCode`. */
function refused(code: number): Story {
  const error = chatError(code as Parameters<typeof chatError>[0])
  return {
    args: { error, defaultUserID: 'alice', showErrorCode: true },
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement)
      await expect(canvas.getByRole('status')).toHaveTextContent(`(${code})`)
      await expect(canvas.getByRole('button', { name: 'Log in' })).toBeEnabled()
    },
  }
}

export const AppDisabled60020 = refused(ERROR_CODES.APP_DISABLED)
export const UserSigExpired70001 = refused(ERROR_CODES.USER_SIG_EXPIRED)
export const UserSigEmpty70002 = refused(ERROR_CODES.USER_SIG_EMPTY)
export const BadSignature70003 = refused(ERROR_CODES.USER_SIG_BAD_SIGNATURE)
export const BadSignature70005 = refused(ERROR_CODES.USER_SIG_BAD_SIGNATURE_ALT)
export const OtherAppKey70009 = refused(ERROR_CODES.USER_SIG_OTHER_APP_KEY)
export const UserIDMismatch70013 = refused(ERROR_CODES.USER_SIG_USER_ID_MISMATCH)
export const SDKAppIDMismatch70014 = refused(ERROR_CODES.USER_SIG_SDK_APP_ID_MISMATCH)
export const AppKeyNotFound70016 = refused(ERROR_CODES.APP_KEY_NOT_FOUND)
export const SDKAppIDNotFound70020 = refused(ERROR_CODES.SDK_APP_ID_NOT_FOUND)
export const TooManyFailedLogins70050 = refused(ERROR_CODES.TOO_MANY_FAILED_LOGINS)
export const Blocklisted70051 = refused(ERROR_CODES.ACCOUNT_BLOCKLISTED)
export const UserSigMalformed70052 = refused(ERROR_CODES.USER_SIG_MALFORMED)
export const LoginTimeout90004 = refused(ERROR_CODES.LOGIN_TIMEOUT)
export const RegistryUnavailable90005 = refused(ERROR_CODES.REGISTRY_UNAVAILABLE)
export const ShuttingDown90008 = refused(ERROR_CODES.SERVER_SHUTTING_DOWN)
export const InternalError90010 = refused(ERROR_CODES.INTERNAL_ERROR)
export const NetworkError2800 = refused(ERROR_CODES.NETWORK_ERROR)
export const RequestTimeout2801 = refused(ERROR_CODES.REQUEST_TIMEOUT)

export const UserSigExpiredChinese: Story = {
  ...refused(ERROR_CODES.USER_SIG_EXPIRED),
  parameters: { locale: 'zh-CN' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('textbox', { name: '用户 ID' })).toBeInTheDocument()
    await expect(canvas.getByRole('status')).toHaveTextContent(zhCN.refused)
  },
}

/** Every state side by side. */
export const AllStates: Story = {
  render: (args) => (
    <div style={{ display: 'grid', gap: '2rem' }}>
      <LoginForm {...args} heading="Idle" />
      <LoginForm {...args} heading="Pending" defaultUserID="alice" pending />
      <LoginForm
        {...args}
        heading="Refused"
        defaultUserID="alice"
        error={chatError(ERROR_CODES.USER_SIG_EXPIRED)}
      />
    </div>
  ),
}
