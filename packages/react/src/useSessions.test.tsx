import { Chat } from '@chatgate/core'
import { act, render, screen, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type LiveServer, startLiveServer } from '../test/liveServer.js'
import { ChatProvider } from './ChatProvider.js'
import { type Sessions, useSessions } from './useSessions.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

const latest: { sessions?: Sessions } = {}

/** The hook's state as one line: `loading|ending|device:current,…`. */
function Devices() {
  const sessions = useSessions()
  latest.sessions = sessions
  const rows = sessions.sessions.map((each) => `${each.device}:${each.current}`).join(',')
  return (
    <p data-testid="devices">
      {`${sessions.loading}|${sessions.ending ?? ''}|${rows}|${sessions.error?.code ?? ''}`}
    </p>
  )
}

const ops = (frames: string[]) => frames.map((frame) => (JSON.parse(frame) as { op: string }).op)

describe('useSessions against the server', () => {
  test('nothing is asked while logged out; logged in, the list has this device first; endSession signs the other out, which learns by whom, and the list reloads (rule 33)', async () => {
    const options = live.options()
    const laptop = new Chat(options)
    const asked = vi.spyOn(laptop, 'getSessions')
    render(
      <ChatProvider client={laptop}>
        <Devices />
      </ChatProvider>,
    )
    const text = () => screen.getByTestId('devices').textContent
    expect(text()).toBe('false|||')

    // Another device of the user, on a platform of its own so both may stay.
    const phone = new Chat({ ...live.options(), platform: 'android' })
    await phone.login({ userID: 'hook_sess', userSig: live.sign('hook_sess'), device: 'Phone' })
    const kicks: unknown[] = []
    phone.on('kickedOut', (event) => kicks.push(event.data))
    // A whole login of another client later, the logged-out provider has asked nothing.
    expect(asked).not.toHaveBeenCalled()
    expect(text()).toBe('false|||')
    expect(ops(options.frames())).not.toContain('getSessions')

    await act(() =>
      laptop.login({ userID: 'hook_sess', userSig: live.sign('hook_sess'), device: 'Laptop' }),
    )
    await waitFor(() => expect(text()).toBe('false||Laptop:true,Phone:false|'))
    expect(ops(options.frames()).filter((op) => op === 'getSessions')).toHaveLength(1)

    const phoneID = latest.sessions?.sessions.find((each) => !each.current)?.sessionID as string
    await act(() => latest.sessions?.endSession(phoneID))
    await waitFor(() => expect(text()).toBe('false||Laptop:true|'))
    await waitFor(() =>
      expect(kicks).toEqual([{ type: 'sessionEnded', by: { platform: 'web', device: 'Laptop' } }]),
    )
    expect(ops(options.frames()).filter((op) => op === 'getSessions')).toHaveLength(2)

    await phone.destroy()
    await laptop.destroy()
  })

  test('endOthers ends the other devices; a session gone already counts as ended, not as an error', async () => {
    const laptop = new Chat(live.options())
    render(
      <ChatProvider client={laptop}>
        <Devices />
      </ChatProvider>,
    )
    const text = () => screen.getByTestId('devices').textContent
    // The server's default policy: one web and one mobile or desktop instance per user.
    const phone = new Chat({ ...live.options(), platform: 'android' })
    await phone.login({ userID: 'hook_all', userSig: live.sign('hook_all'), device: 'Phone' })
    await act(() =>
      laptop.login({ userID: 'hook_all', userSig: live.sign('hook_all'), device: 'Laptop' }),
    )
    await waitFor(() => expect(text()).toBe('false||Laptop:true,Phone:false|'))
    const gone = latest.sessions?.sessions.find((each) => !each.current)?.sessionID as string

    await act(() => latest.sessions?.endOthers())
    await waitFor(() => expect(text()).toBe('false||Laptop:true|'))
    expect(phone.getLoginStatus()).toBe(3)
    expect(phone.getSnapshot().kick?.type).toBe('sessionEnded')

    // Ended already: the server answers 90019, which the hook takes as done.
    await act(() => latest.sessions?.endSession(gone))
    await waitFor(() => expect(text()).toBe('false||Laptop:true|'))
    await phone.destroy()
    await laptop.destroy()
  })
})
