import { ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { recordingLogger } from './helpers/rawHttp.js'
import { refusedLogin } from './helpers/refusedLogin.js'
import { scrapeMetrics } from './helpers/scrapeMetrics.js'
import { cleanup, serverConfig, startTestServer } from './helpers.js'

afterEach(cleanup)

/** A login with a malformed UserSig: the code it was refused with. */
const refused = (url: string, userID: string) => refusedLogin(url, { userID, userSig: 'x' })

describe('a refused login in the log and the metrics', () => {
  it('is logged at info with its code and address while the address is under its limit, and counted by code', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig(), {
      logger,
      rateLimit: { maxFailuresPerAddress: 5, maxFailuresPerUser: 1_000 },
    })
    expect(await refused(server.wsUrl, 'u1')).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    const line = logger.lines.find((l) => l.event === 'login_refused')
    expect(line).toEqual({
      level: 'info',
      event: 'login_refused',
      fields: { code: ERROR_CODES.USER_SIG_MALFORMED, address: '127.0.0.1' },
    })
    const metrics = await scrapeMetrics(server)
    expect(
      metrics.get(`chatgate_login_failures_total{code="${ERROR_CODES.USER_SIG_MALFORMED}"}`),
    ).toBe(1)
  })

  it('is logged at debug, still counted, once the address is refused for its failures', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig(), {
      logger,
      rateLimit: { maxFailuresPerAddress: 1, maxFailuresPerUser: 1_000 },
    })
    await refused(server.wsUrl, 'u1')
    expect(await refused(server.wsUrl, 'u2')).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)
    const levels = logger.lines.filter((l) => l.event === 'login_refused').map((l) => l.level)
    expect(levels).toEqual(['debug', 'debug'])
    const metrics = await scrapeMetrics(server)
    expect(
      metrics.get(`chatgate_login_failures_total{code="${ERROR_CODES.TOO_MANY_FAILED_LOGINS}"}`),
    ).toBe(1)
  })

  it('is logged at debug when the user, not the address, is over its failures', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig(), {
      logger,
      rateLimit: { maxFailuresPerAddress: 1_000, maxFailuresPerUser: 1 },
    })
    await refused(server.wsUrl, 'u1')
    expect(await refused(server.wsUrl, 'u1')).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)
    const lines = logger.lines.filter((l) => l.event === 'login_refused')
    expect(lines.map((l) => [l.level, l.fields?.code])).toEqual([
      ['info', ERROR_CODES.USER_SIG_MALFORMED],
      ['debug', ERROR_CODES.TOO_MANY_FAILED_LOGINS],
    ])
  })
})
