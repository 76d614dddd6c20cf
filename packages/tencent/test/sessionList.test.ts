/**
 * TencentCloudChat keeps no list of a user's sessions that a client may read or end, so
 * the adapter's getSessions, endSession and endOtherSessions reject 90002 (Unknown
 * operation), logged in or not, and touch neither the SDK nor the snapshot.
 */
import { ChatError } from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { expect, test } from 'vitest'
import { fromTencentChat } from '../src/index.js'
import { createScriptedTencentChat } from './scriptedTencentChat.js'

const calls = (client: ReturnType<typeof fromTencentChat>) => [
  client.getSessions(),
  client.endSession('some-session'),
  client.endOtherSessions(),
]

async function expectNoSessionList(promises: Promise<unknown>[]) {
  for (const promise of promises) {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ChatError)
    expect(error).toMatchObject({
      code: ERROR_CODES.UNKNOWN_OPERATION,
      message: 'TencentCloudChat has no session list.',
    })
  }
}

test('logged out: each rejects 90002, and the SDK is not called', async () => {
  const { chat, script } = createScriptedTencentChat()
  const client = fromTencentChat(chat)
  await expectNoSessionList(calls(client))
  expect(script.calls).toEqual([])
})

test('logged in: each rejects 90002, and the session goes on untouched', async () => {
  const { chat, script } = createScriptedTencentChat()
  const client = fromTencentChat(chat)
  await client.login({ userID: 'amy', userSig: 'sig' })
  const snapshot = client.getSnapshot()
  await expectNoSessionList(calls(client))
  expect(client.getSnapshot()).toBe(snapshot)
  expect(script.calls).toEqual(['login amy'])
})
