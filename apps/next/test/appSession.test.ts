import { describe, expect, it } from 'vitest'
import { APP_SESSION_SECONDS, createAppSession, readAppSession } from '../lib/appSession'
import { configuredAppOrigin, isSameOrigin } from '../lib/sameOrigin'

describe('the example app session cookie', () => {
  const secret = 'a-secret-for-these-tests'
  const now = Date.UTC(2026, 0, 1)

  it('names its user until it expires', () => {
    const cookie = createAppSession('alice', secret, now)
    expect(readAppSession(cookie, secret, now)).toBe('alice')
    expect(readAppSession(cookie, secret, now + (APP_SESSION_SECONDS - 1) * 1000)).toBe('alice')
    expect(readAppSession(cookie, secret, now + APP_SESSION_SECONDS * 1000)).toBeNull()
  })

  it('names nobody when forged: another user, a longer life, another secret, garbage', () => {
    const cookie = createAppSession('alice', secret, now)
    const [, expiresAt, mac] = cookie.split('.')
    expect(readAppSession(`mallory.${expiresAt}.${mac}`, secret, now)).toBeNull()
    expect(readAppSession(`alice.${Number(expiresAt) + 1}.${mac}`, secret, now)).toBeNull()
    expect(readAppSession(cookie, 'another-secret', now)).toBeNull()
    for (const value of [undefined, '', 'alice', 'a.b.c.d', `alice.${expiresAt}.`]) {
      expect(readAppSession(value, secret, now)).toBeNull()
    }
  })
})

describe('isSameOrigin', () => {
  const request = (headers: Record<string, string>) =>
    new Request('http://127.0.0.1:3000/api/usersig', {
      headers: { host: '127.0.0.1:3000', ...headers },
    })

  it('lets the app’s own pages through', () => {
    expect(isSameOrigin(request({ 'sec-fetch-site': 'same-origin' }))).toBe(true)
    expect(isSameOrigin(request({ origin: 'http://127.0.0.1:3000' }))).toBe(true)
    expect(
      isSameOrigin(request({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })),
    ).toBe(true)
  })

  it('refuses other sites, other ports, a broken Origin, and requests that name no page', () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      expect(isSameOrigin(request({ 'sec-fetch-site': site }))).toBe(false)
    }
    expect(isSameOrigin(request({ origin: 'http://evil.example' }))).toBe(false)
    expect(isSameOrigin(request({ origin: 'http://127.0.0.1:3001' }))).toBe(false)
    expect(isSameOrigin(request({ origin: 'null' }))).toBe(false)
    expect(
      isSameOrigin(request({ origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' })),
    ).toBe(false)
    expect(isSameOrigin(request({}))).toBe(false)
  })

  it('refuses a page that rebinds its own name to this server: Host must be loopback', () => {
    const rebound = (host: string) =>
      request({ host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })
    expect(isSameOrigin(rebound('evil.example'))).toBe(false)
    expect(isSameOrigin(rebound('evil.example:3000'))).toBe(false)
    expect(isSameOrigin(rebound('127.0.0.1.evil.example'))).toBe(false)
    for (const host of ['localhost:3000', 'app.localhost:3000', '[::1]:3000', '127.0.0.2']) {
      expect(isSameOrigin(rebound(host)), host).toBe(true)
    }
    expect(isSameOrigin(request({ host: '', 'sec-fetch-site': 'same-origin' }))).toBe(false)
  })

  it('with APP_ORIGIN configured, answers that origin at that host only', () => {
    const appOrigin = 'https://chat.example.com'
    const at = (host: string, origin: string) =>
      request({ host, origin, 'sec-fetch-site': 'same-origin' })
    expect(isSameOrigin(at('chat.example.com', appOrigin), appOrigin)).toBe(true)
    expect(isSameOrigin(at('evil.example', 'https://evil.example'), appOrigin)).toBe(false)
    expect(isSameOrigin(at('evil.example', appOrigin), appOrigin)).toBe(false)
    expect(isSameOrigin(at('127.0.0.1:3000', 'http://127.0.0.1:3000'), appOrigin)).toBe(false)
    expect(isSameOrigin(at('chat.example.com', 'http://chat.example.com'), appOrigin)).toBe(false)
  })

  it('APP_ORIGIN must be an origin', () => {
    const before = process.env.APP_ORIGIN
    try {
      process.env.APP_ORIGIN = 'https://chat.example.com'
      expect(configuredAppOrigin()).toBe('https://chat.example.com')
      for (const bad of [
        'https://chat.example.com/',
        'chat.example.com',
        'https://x.example/app',
      ]) {
        process.env.APP_ORIGIN = bad
        expect(() => configuredAppOrigin(), bad).toThrow(/APP_ORIGIN/)
      }
    } finally {
      if (before === undefined) delete process.env.APP_ORIGIN
      else process.env.APP_ORIGIN = before
    }
  })
})
