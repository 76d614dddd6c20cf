/**
 * The session list through shared tabs (rule 33): a follower's getSessions, endSession and
 * endOtherSessions run on the leader's `Chat`, answers and refusals come back to it, the
 * login's device goes through the leader, and a kick's `by` reaches every tab. Tabs in
 * Node (faked Web Locks, Node's BroadcastChannel) against the real server.
 */
import { Chat, ChatError } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterEach, expect, test, vi } from 'vitest'
import { type Tab, useTabs } from './helpers/tabs.js'

const live = useTabs()
const others: Chat[] = []
afterEach(async () => {
  await Promise.all(others.splice(0).map((chat) => chat.destroy()))
})

/** The user's phone: a session of another platform, beside the browser's one. */
async function phoneOf(userID: string) {
  const phone = new Chat(live.server.clientOptions({ platform: 'android' }))
  others.push(phone)
  await phone.login({ userID, userSig: live.server.sign(userID), device: 'Phone' })
  return phone
}

/** Leader `a` and follower `b` of one browser; `b` logs in, naming the device. */
async function twoTabs(userID: string) {
  const browser = live.browser()
  const a = browser.openTab()
  const b = browser.openTab()
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  await b.client.login({ userID, userSig: live.server.sign(userID), device: 'Laptop' })
  await vi.waitFor(() => expect(a.client.getSnapshot().ready).toBe(true))
  return { a, b }
}

const kicksOf = (tab: Tab) => {
  const data: unknown[] = []
  tab.client.on('kickedOut', (event) => data.push(event.data))
  return data
}

test("a follower lists the user's sessions: the browser's one is current, with the device it named", async () => {
  await phoneOf('tabs_list')
  const { a, b } = await twoTabs('tabs_list')

  const { code, data } = await b.client.getSessions()

  expect(code).toBe(0)
  expect(
    data.sessions.map(({ platform, device, current }) => ({ platform, device, current })),
  ).toEqual(
    expect.arrayContaining([
      { platform: 'web', device: 'Laptop', current: true },
      { platform: 'android', device: 'Phone', current: false },
    ]),
  )
  expect(data.sessions).toHaveLength(2)
  // The follower asked through the leader: it has no socket of its own.
  expect(b.sockets).toBe(0)
  expect(a.sent.filter((frame) => frame.op === 'login')).toEqual([
    expect.objectContaining({ device: 'Laptop' }),
  ])
  expect(a.sent.filter((frame) => frame.op === 'getSessions')).toHaveLength(1)
})

test("a follower ends another device's session; the refusals come back as ChatErrors with their codes", async () => {
  const phone = await phoneOf('tabs_end')
  const { b } = await twoTabs('tabs_end')
  const phoneKicks: unknown[] = []
  phone.on(Chat.EVENT.KICKED_OUT, (event) => phoneKicks.push(event.data))
  const { sessions } = (await b.client.getSessions()).data
  const own = sessions.find((s) => s.current)!
  const other = sessions.find((s) => !s.current)!

  const refusals = await Promise.all(
    [own.sessionID, 'no-such-session', ''].map((id) =>
      b.client.endSession(id).catch((error: unknown) => error),
    ),
  )
  expect(refusals.map((error) => error instanceof ChatError)).toEqual([true, true, true])
  expect(refusals.map((error) => (error as ChatError).code)).toEqual([
    ERROR_CODES.CURRENT_SESSION,
    ERROR_CODES.NO_SUCH_SESSION,
    ERROR_CODES.INVALID_PARAMETERS,
  ])
  expect(phone.isReady()).toBe(true)

  expect(await b.client.endSession(other.sessionID)).toEqual({ code: 0, data: { ended: 1 } })
  await vi.waitFor(() => expect(phoneKicks).toHaveLength(1))
  expect(phoneKicks[0]).toEqual({ type: 'sessionEnded', by: { platform: 'web', device: 'Laptop' } })
  expect(b.client.getSnapshot().ready).toBe(true)
})

test('a follower ends every other session; it counts them', async () => {
  await phoneOf('tabs_others')
  const { b } = await twoTabs('tabs_others')
  expect(await b.client.endOtherSessions()).toEqual({ code: 0, data: { ended: 1 } })
  expect((await b.client.getSessions()).data.sessions).toEqual([
    expect.objectContaining({ device: 'Laptop', current: true }),
  ])
})

test("the user's phone ends the browser's session: every tab gets KICKED_OUT sessionEnded with by", async () => {
  const { a, b } = await twoTabs('tabs_ended')
  const kicks = [kicksOf(a), kicksOf(b)]
  const phone = await phoneOf('tabs_ended')

  expect(await phone.endOtherSessions()).toEqual({ code: 0, data: { ended: 1 } })

  const by = { platform: 'android', device: 'Phone' }
  for (const [i, tab] of [a, b].entries()) {
    await vi.waitFor(() => expect(kicks[i]).toHaveLength(1))
    expect(kicks[i]).toEqual([{ type: 'sessionEnded', by }])
    expect(tab.client.getSnapshot().kick).toMatchObject({ type: 'sessionEnded', by })
  }
  // Not ready now, for the kick's reason (rule 9), in the leader and the follower alike.
  for (const tab of [a, b]) {
    await expect(tab.client.getSessions()).rejects.toMatchObject({
      code: ERROR_CODES.NOT_READY_SESSION_ENDED,
    })
  }
})

test('before any login a follower is refused as the leader is: 2024', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  const b = browser.openTab()
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  await expect(b.client.getSessions()).rejects.toMatchObject({ code: ERROR_CODES.NOT_LOGGED_IN })
  await expect(b.client.endOtherSessions()).rejects.toMatchObject({
    code: ERROR_CODES.NOT_LOGGED_IN,
  })
  expect(a.sockets + b.sockets).toBe(0)
})
