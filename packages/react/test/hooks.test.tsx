// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'

type Hooks = typeof import('../src/hooks.js')
let hooks: Hooks

beforeAll(async () => {
  // Asserted before the import: nothing below may lean on a DOM, at load or at render.
  expect(typeof document).toBe('undefined')
  expect(typeof window).toBe('undefined')
  hooks = await import('../src/hooks.js')
})

function Screen() {
  const session = hooks.useSession()
  const login = hooks.useLogin()
  const logout = hooks.useLogout()
  const { kick } = hooks.useKickedOut()
  const status = hooks.useLoginStatus((s) => s.loginStatus)
  const form = hooks.useLoginForm({ getUserSig: () => 'never-called', defaultUserID: 'rn' })
  const line = [session.status, status, login.status, logout.status, kick, form.userID, form.state]
  return <p>{line.join('|')}</p>
}

function renderApp(autoLogin?: () => Promise<null>): string {
  const { ChatProvider } = hooks
  return renderToString(
    <ChatProvider
      options={{ SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' }}
      autoLogin={autoLogin}
    >
      <Screen />
    </ChatProvider>,
  )
}

describe('@chatgate/react/hooks', () => {
  test('imports and renders the provider and every hook where no DOM exists', () => {
    for (const component of ['LoginGate', 'LoginForm', 'KickedOutModal', 'SignOutButton']) {
      expect(hooks).not.toHaveProperty(component)
    }
    expect(renderApp()).toContain('unauthenticated|3|idle|idle||rn|idle')
    // With autoLogin the first render is already loading, so no login form flashes.
    expect(renderApp(async () => null)).toContain('loading|3|idle|idle||rn|idle')
  })

  test('exports the constants an app compares against', () => {
    expect(hooks.LOGIN_STATUS).toEqual({ LOGINED: 1, LOGINING: 2, LOGOUT: 3 })
    expect(hooks.KICK_TYPES.KICKED_OUT_MULT_ACCOUNT).toBe('multipleAccount')
    expect(hooks.NET_STATES.NET_STATE_CONNECTED).toBe('connected')
  })
})
