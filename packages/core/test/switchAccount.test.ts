import { Chat } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type LiveServer, startLiveServer } from './helpers/liveServer.js'
import { recordEvents } from './helpers/recorder.js'

let live: LiveServer
beforeAll(async () => {
  live = await startLiveServer()
})
afterAll(() => live.close())

test('logging in another UserID logs the old one out (SDK_NOT_READY), then the new one in (SDK_READY) (rule 6)', async () => {
  const chat = new Chat(live.options())
  await chat.login({ userID: 'switch_alice', userSig: await live.sign('switch_alice') })
  const events = recordEvents(chat)
  const bobSig = await live.sign('switch_bob')

  const response = await chat.login({ userID: 'switch_bob', userSig: bobSig })

  expect(response.data.repeatLogin).toBe(false)
  expect(events.filter((e) => e.startsWith('sdkState'))).toEqual([
    'sdkStateNotReady',
    'sdkStateReady',
  ])
  expect(chat.getLoginUser()).toBe('switch_bob')
  expect(await live.status('switch_alice')).toBe('Offline')
  expect(await live.status('switch_bob')).toBe('Online')
  await chat.destroy()
})

test('a switch while the first login is in flight: the first rejects 3005, the second wins (rule 6)', async () => {
  const chat = new Chat(live.options())
  const [aliceSig, bobSig] = await Promise.all([live.sign('race_alice'), live.sign('race_bob')])

  const alice = chat.login({ userID: 'race_alice', userSig: aliceSig })
  const bob = chat.login({ userID: 'race_bob', userSig: bobSig })

  await expect(alice).rejects.toMatchObject({ code: ERROR_CODES.NOT_READY_LOGGED_OUT })
  await expect(bob).resolves.toMatchObject({ data: { repeatLogin: false } })
  expect(chat.getLoginUser()).toBe('race_bob')
  expect(await live.status('race_alice')).toBe('Offline')
  await chat.destroy()
})
