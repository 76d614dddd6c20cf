/**
 * Type-level checks: `pnpm --filter @chatgate/react typecheck` compiles this file, so each
 * line below either type-checks as an app would write it, or is refused where marked
 * `@ts-expect-error`. The test run then renders what the types allowed.
 */
import { Chat } from '@chatgate/core'
import { render, screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import {
  ChatProvider,
  type ChatProviderProps,
  type GetUserSig,
  KickedOutModal,
  type LoginCredentials,
  type LoginForm,
} from '../src/index.js'

// `texts` takes a deep partial: one field of one kick type (TS2739 before).
const texts: ChatProviderProps['texts'] = { kicked: { multipleAccount: { title: 'Elsewhere' } } }

// One getUserSig signature everywhere: `(userID) => string | Promise<string>`.
const getUserSig: GetUserSig = async (userID) => `sig-of-${userID}`
const credentials: LoginCredentials = { userID: 'amy', getUserSig }
const formProps: Parameters<typeof LoginForm>[0] = { getUserSig }
// @ts-expect-error a sig source must return the sig
const wrong: GetUserSig = async (userID: string) => userID.length

describe('public types', () => {
  test('a deep-partial texts override keeps every other text', () => {
    render(
      <ChatProvider
        client={new Chat({ SDKAppID: 1400000001, url: 'ws://127.0.0.1:9/ws' })}
        texts={texts}
      >
        <KickedOutModal kick={{ type: 'multipleAccount', userID: 'amy', at: 1 }} />
      </ChatProvider>,
    )
    const dialog = screen.getByRole('alertdialog', { name: 'Elsewhere' })
    // The text of the same kick type was not overridden and stays the default.
    expect(dialog).toHaveAccessibleDescription(
      'Your account was opened on another web page, so this page was signed out.',
    )
    expect([credentials.userID, typeof formProps.getUserSig, typeof wrong]).toEqual([
      'amy',
      'function',
      'function',
    ])
  })
})
