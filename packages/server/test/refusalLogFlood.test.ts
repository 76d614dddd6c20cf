import { ERROR_CODES, KICK_TYPES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { recordingLogger } from './helpers/rawHttp.js'
import { refusedLogin } from './helpers/refusedLogin.js'
import { cleanup, kickUser, loginClient, serverConfig, sign, startTestServer } from './helpers.js'

afterEach(cleanup)

const infoRefusals = (logger: ReturnType<typeof recordingLogger>) =>
  logger.lines.filter((line) => line.level === 'info' && line.event === 'login_refused')

describe('refused logins in the log', () => {
  it('an address over the failed-login limit adds no info line however it keeps trying (rules 19 and 27)', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig(), {
      logger,
      rateLimit: { maxFailuresPerAddress: 3, maxFailuresPerUser: 1_000 },
    })
    for (let i = 0; i < 3; i++) {
      expect(await refusedLogin(server.wsUrl, { userID: `u${i}`, userSig: 'garbage' })).toBe(
        ERROR_CODES.USER_SIG_MALFORMED,
      )
    }
    // The failure that reaches the limit is the first one logged at debug.
    expect(infoRefusals(logger)).toHaveLength(2)

    // Blocked now; every kind of attempt is still refused, but none writes an info line.
    const attempts = [
      { userID: 'u9', userSig: 'garbage' },
      { userID: 'not a user id!', userSig: 'garbage' },
      { userID: 'u9', userSig: 'garbage', sdkAppID: 42 },
    ]
    for (let round = 0; round < 5; round++) {
      for (const attempt of attempts) await refusedLogin(server.wsUrl, attempt)
    }
    expect(infoRefusals(logger)).toHaveLength(2)
    expect(logger.lines.filter((line) => line.event === 'login_refused').length).toBe(18)
  })

  it('a user over loginsPerUserPerMinute is refused (90013) without an info line per attempt (rules 22 and 27)', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig({ limits: { loginsPerUserPerMinute: 1 } }), {
      logger,
    })
    await loginClient(server, 'spammer')
    for (let i = 0; i < 10; i++) {
      expect(
        await refusedLogin(server.wsUrl, { userID: 'spammer', userSig: sign('spammer') }),
      ).toBe(ERROR_CODES.TOO_MANY_LOGINS)
    }
    expect(infoRefusals(logger)).toEqual([])
  })

  it('a revoked UserSig tried again and again counts against its address like a bad one (rules 19 and 26)', async () => {
    const logger = recordingLogger()
    let clock = Date.now()
    const server = await startTestServer(serverConfig(), {
      logger,
      now: () => clock,
      rateLimit: { maxFailuresPerAddress: 3, maxFailuresPerUser: 1_000 },
    })
    const revoked = sign('rory', { now: Math.floor(clock / 1000) - 30 })
    const { client } = await loginClient(server, 'rory', 'web', { userSig: revoked })
    expect((await kickUser(server, 'rory')).ActionStatus).toBe('OK')
    expect(await client.message('kicked')).toMatchObject({ type: KICK_TYPES.KICKED_OUT_REST_API })
    clock += 1_000

    const codes: number[] = []
    for (let i = 0; i < 6; i++) {
      codes.push(await refusedLogin(server.wsUrl, { userID: 'rory', userSig: revoked }))
    }
    expect(codes).toEqual([
      ...Array(3).fill(ERROR_CODES.USER_SIG_REVOKED),
      ...Array(3).fill(ERROR_CODES.TOO_MANY_FAILED_LOGINS),
    ])
    expect(infoRefusals(logger)).toHaveLength(2)
  })
})
