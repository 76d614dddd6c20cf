import { ERROR_CODES, KICK_TYPES } from '@chatgate/protocol'
import { signUserSig } from '@chatgate/usersig'
import { afterEach, expect, test } from 'vitest'
import type { AppConfig } from '../src/config.js'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import type { ServerContext } from '../src/serverContext.js'
import { decideRenewal } from '../src/transport/renewal.js'
import type { LocalSession } from '../src/transport/sessionHub.js'

// A renewal against a REST kick's revocation (rule 26), to the second: a UserSig issued in
// the second of the kick or before is refused (90014), one issued a second later renews.
// A registry that cannot answer refuses with 90005; the session is never extended then.
// The real memory registry, on a clock the test sets.

const SDK_APP_ID = 1400000009
const SECRET = 'renewal-revocation-secret-0123456789'
const app = { SDKAppID: SDK_APP_ID, secretKey: SECRET } as AppConfig
const session: LocalSession = {
  sessionId: 'r1',
  sdkAppID: SDK_APP_ID,
  userID: 'renewer',
  platform: 'web',
  device: '',
}

let time = 1_700_000_000_000
let registry: SessionRegistry
afterEach(() => registry.close())

/** The parts of the server's context a renewal reads. */
function context(): ServerContext {
  registry = createMemoryRegistry({ nodeId: 'node-r', now: () => time })
  const parts: Pick<
    ServerContext,
    'apps' | 'registry' | 'now' | 'clockSkewSeconds' | 'maxUserSigSeconds'
  > = {
    apps: new Map([[SDK_APP_ID, app]]),
    registry,
    now: () => time,
    clockSkewSeconds: 60,
    maxUserSigSeconds: 86_400 * 365,
  }
  return parts as ServerContext
}

const sigIssuedAt = (seconds: number, expireSeconds = 3600) =>
  signUserSig({
    sdkAppID: SDK_APP_ID,
    secretKey: SECRET,
    userID: 'renewer',
    expireSeconds,
    now: seconds,
  })

test('a sig issued in the second of the REST kick is refused 90014; one a second later renews, to its expiry', async () => {
  const ctx = context()
  const kickSecond = Math.floor(time / 1000)
  await registry.kickUser(SDK_APP_ID, 'renewer', KICK_TYPES.KICKED_OUT_REST_API)
  time += 5000

  expect(await decideRenewal(session, sigIssuedAt(kickSecond), ctx)).toEqual({
    ok: false,
    code: ERROR_CODES.USER_SIG_REVOKED,
  })
  expect(await decideRenewal(session, sigIssuedAt(kickSecond + 1, 600), ctx)).toEqual({
    ok: true,
    expiresAt: (kickSecond + 1 + 600) * 1000,
  })
})

test('a sig that does not verify keeps its own code and message', async () => {
  const ctx = context()
  const outcome = await decideRenewal(session, 'not-a-user-sig', ctx)
  expect(outcome).toMatchObject({
    ok: false,
    code: expect.any(Number),
    message: expect.any(String),
  })
  expect((outcome as { code: number }).code).not.toBe(ERROR_CODES.USER_SIG_REVOKED)
})

test('a registry that cannot answer (closed) refuses the renewal 90005', async () => {
  const ctx = context()
  const sig = sigIssuedAt(Math.floor(time / 1000))
  await registry.close()
  expect(await decideRenewal(session, sig, ctx)).toEqual({
    ok: false,
    code: ERROR_CODES.REGISTRY_UNAVAILABLE,
  })
})
