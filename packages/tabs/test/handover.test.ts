import { expect, test, vi } from 'vitest'
import { sessionIdOf, type Tab, useTabs } from './helpers/tabs.js'

const live = useTabs()

const admissions = () => live.server.metric('chatgate_logins_total{resumed="false"}')
const logins = (tab: Tab) => tab.sent.filter((frame) => frame.op === 'login')

/** A leader logged in as `userID` and followers in sync with it. */
async function loggedInTabs(userID: string, followers: number) {
  const browser = live.browser()
  const leader = browser.openTab()
  await leader.client.login({ userID, userSig: live.server.sign(userID) })
  const others = Array.from({ length: followers }, () => browser.openTab())
  for (const tab of others)
    await vi.waitFor(() => expect(tab.client.getSnapshot().ready).toBe(true))
  return { leader, others, lengths: new Map([leader, ...others].map((t) => [t, t.events.length])) }
}

test('a leader that dies without a goodbye: the next tab resumes the same session — no admission, no SDK_READY, no kick (rules 15, 32)', async () => {
  const { leader, others, lengths } = await loggedInTabs('hand_crash', 2)
  const [b, c] = others as [Tab, Tab]
  const sessionId = sessionIdOf(leader)
  const admitted = await admissions()

  leader.kill()

  await vi.waitFor(() => expect(b.client.isLeader()).toBe(true))
  // Both tabs were connected before the crash: wait for the reconnection's own event in
  // each, not for a state they may still show from before it.
  await vi.waitFor(() => {
    for (const tab of [b, c]) {
      expect(tab.events.slice(lengths.get(tab))).toContain('netStateChange:connected')
    }
  })
  expect(logins(b)).toEqual([expect.objectContaining({ userID: 'hand_crash', resume: sessionId })])
  expect(sessionIdOf(b)).toBe(sessionId)
  for (const tab of [b, c]) {
    expect(tab.events.slice(lengths.get(tab))).toEqual([
      'netStateChange:connecting',
      'netStateChange:connected',
    ])
    expect(tab.client.getSnapshot()).toMatchObject({ loginStatus: 1, userID: 'hand_crash' })
  }
  expect([b.sockets, c.sockets]).toEqual([1, 0])
  expect(await admissions()).toBe(admitted)
  expect(await live.instances('hand_crash')).toBe(1)
})

test('a leader whose tab is destroyed hands the session over without logging it out (rule 32)', async () => {
  const { leader, others, lengths } = await loggedInTabs('hand_leave', 1)
  const [b] = others as [Tab]
  const sessionId = sessionIdOf(leader)

  await leader.client.destroy()

  await vi.waitFor(() => expect(sessionIdOf(b)).toBeDefined())
  expect(leader.sent.some((frame) => frame.op === 'logout')).toBe(false)
  expect(leader.events.at(-1)).toBe('sdkDestroy')
  expect(sessionIdOf(b)).toBe(sessionId)
  expect(logins(b)).toEqual([expect.objectContaining({ resume: sessionId })])
  expect(b.events.slice(lengths.get(b))).toEqual([
    'netStateChange:connecting',
    'netStateChange:connected',
  ])
  expect(await live.instances('hand_leave')).toBe(1)
})

test('the last tab destroyed logs the session out, as `Chat.destroy` does (rules 8, 32)', async () => {
  const { leader } = await loggedInTabs('hand_last', 0)

  await leader.client.destroy()

  expect(leader.sent.at(-1)).toMatchObject({ op: 'logout' })
  expect(await live.server.onlineStatus(['hand_last'])).toMatchObject([{ Status: 'Offline' }])
  await expect(leader.client.login({ userID: 'hand_last', userSig: 'x' })).rejects.toMatchObject({
    code: 90009,
  })
  await expect(leader.client.destroy()).resolves.toMatchObject({ code: 0 })
})

test('a follower destroyed leaves alone: the session and the other tabs go on (rule 32)', async () => {
  const { leader, others, lengths } = await loggedInTabs('hand_follower', 2)
  const [b, c] = others as [Tab, Tab]

  await b.client.destroy()

  expect(b.events.at(-1)).toBe('sdkDestroy')
  expect(leader.client.getSnapshot().ready).toBe(true)
  await expect(b.client.logout()).rejects.toMatchObject({ code: 90009 })
  // The leader's socket was untouched: the tabs left still share it.
  leader.kill()
  await vi.waitFor(() => expect(c.client.isLeader()).toBe(true))
  // Connected before the crash too: wait for the reconnection's own event.
  await vi.waitFor(() =>
    expect(c.events.slice(lengths.get(c))).toContain('netStateChange:connected'),
  )
  expect(c.events.slice(lengths.get(c))).toEqual([
    'netStateChange:connecting',
    'netStateChange:connected',
  ])
  expect(await live.instances('hand_follower')).toBe(1)
})

test('two followers race for the lead: one wins and resumes, the other follows it (rule 32)', async () => {
  const { leader, others, lengths } = await loggedInTabs('hand_race', 4)
  const sessionId = sessionIdOf(leader)

  leader.kill()

  await vi.waitFor(() => expect(others.filter((tab) => tab.client.isLeader())).toHaveLength(1))
  // Connected before the crash too: wait for each tab's reconnection event.
  for (const tab of others) {
    await vi.waitFor(() =>
      expect(tab.events.slice(lengths.get(tab))).toContain('netStateChange:connected'),
    )
  }
  const winner = others.find((tab) => tab.client.isLeader())!
  expect(others.map((tab) => tab.sockets)).toEqual(others.map((tab) => (tab === winner ? 1 : 0)))
  expect(sessionIdOf(winner)).toBe(sessionId)
  expect(await live.instances('hand_race')).toBe(1)

  // And again: the winner dies too, the next one resumes the same session.
  winner.kill()
  const rest = others.filter((tab) => tab !== winner)
  await vi.waitFor(() => expect(rest.filter((tab) => tab.client.isLeader())).toHaveLength(1))
  const second = rest.find((tab) => tab.client.isLeader())!
  await vi.waitFor(() => expect(sessionIdOf(second)).toBe(sessionId))
  for (const tab of rest) expect(tab.events).not.toContain('kickedOut')
})

test('a tab destroyed just as the lock comes to it lets the next tab lead (rule 32)', async () => {
  const { leader, others } = await loggedInTabs('hand_quit', 2)
  const [b, c] = others as [Tab, Tab]
  const sessionId = sessionIdOf(leader)

  // B leaves first; the lock is granted to it a moment later, when its destroy is under way.
  const leaving = b.client.destroy()
  leader.kill()
  await leaving

  await vi.waitFor(() => expect(c.client.isLeader()).toBe(true))
  await vi.waitFor(() => expect(sessionIdOf(c)).toBe(sessionId))
  expect(b.client.isLeader()).toBe(false)
  expect(b.sockets).toBe(0)
})

test('calls in flight when the leader dies are run again by the new leader, never left hanging (rule 32)', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  const b = browser.openTab()
  const c = browser.openTab()
  // The leader dies the moment it starts the login it was asked for, before any frame leaves.
  a.client.subscribe(() => {
    if (a.client.getSnapshot().loginStatus === 2) a.kill()
  })

  const userSig = live.server.sign('hand_flight')
  const fromB = b.client.login({ userID: 'hand_flight', userSig })
  const fromC = c.client.login({ userID: 'hand_flight', userSig })

  await expect(fromB).resolves.toMatchObject({ code: 0 })
  await expect(fromC).resolves.toMatchObject({ code: 0 })
  expect(a.sent).toEqual([])
  for (const tab of [b, c]) expect(tab.client.getSnapshot().ready).toBe(true)
  expect(await live.instances('hand_flight')).toBe(1)
})

test('a call in flight in a tab that is destroyed rejects 90009 there (rule 28)', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  const b = browser.openTab()

  const login = b.client.login({ userID: 'hand_gone', userSig: live.server.sign('hand_gone') })
  const destroyed = b.client.destroy()

  await expect(login).rejects.toMatchObject({ code: 90009 })
  await destroyed
})
