/**
 * The default device label of a browser login: browser and OS from the user agent. Real
 * user agent strings of current browsers, as each sends them.
 */
import { isValidDevice } from '@chatgate/protocol'
import { expect, test } from 'vitest'
import { deviceLabel } from '../src/deviceLabel.js'

const WEBKIT = 'AppleWebKit/537.36 (KHTML, like Gecko)'
const CHROME = 'Chrome/131.0.0.0'
const IOS_WEBKIT = 'AppleWebKit/605.1.15 (KHTML, like Gecko)'

test.each([
  [
    'Chrome on Windows',
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} ${CHROME} Safari/537.36`,
  ],
  [
    'Chrome on macOS',
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${WEBKIT} ${CHROME} Safari/537.36`,
  ],
  ['Chrome on Linux', `Mozilla/5.0 (X11; Linux x86_64) ${WEBKIT} ${CHROME} Safari/537.36`],
  [
    'Chrome on Android',
    `Mozilla/5.0 (Linux; Android 10; K) ${WEBKIT} ${CHROME} Mobile Safari/537.36`,
  ],
  [
    'Chrome on ChromeOS',
    `Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) ${WEBKIT} ${CHROME} Safari/537.36`,
  ],
  [
    'Chrome on iPhone',
    `Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) ${IOS_WEBKIT} CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1`,
  ],
  [
    'Chrome on Linux',
    `Mozilla/5.0 (X11; Linux x86_64) ${WEBKIT} HeadlessChrome/131.0.0.0 Safari/537.36`,
  ],
  [
    'Firefox on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  ],
  [
    'Firefox on macOS',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
  ],
  [
    'Firefox on Linux',
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  ],
  ['Firefox on Android', 'Mozilla/5.0 (Android 15; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0'],
  [
    'Firefox on iPhone',
    `Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) ${IOS_WEBKIT} FxiOS/133.0 Mobile/15E148 Safari/605.1.15`,
  ],
  [
    'Safari on macOS',
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${IOS_WEBKIT} Version/18.1 Safari/605.1.15`,
  ],
  [
    'Safari on iPhone',
    `Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) ${IOS_WEBKIT} Version/18.1 Mobile/15E148 Safari/604.1`,
  ],
  [
    'Safari on iPad',
    `Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) ${IOS_WEBKIT} Version/17.4 Mobile/15E148 Safari/604.1`,
  ],
  [
    'Edge on Windows',
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} ${CHROME} Safari/537.36 Edg/131.0.2903.86`,
  ],
  [
    'Edge on macOS',
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${WEBKIT} ${CHROME} Safari/537.36 Edg/131.0.2903.86`,
  ],
  [
    'Edge on Android',
    `Mozilla/5.0 (Linux; Android 10; K) ${WEBKIT} ${CHROME} Mobile Safari/537.36 EdgA/131.0.2903.87`,
  ],
  [
    'Edge on iPhone',
    `Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) ${IOS_WEBKIT} Version/17.0 EdgiOS/131.2903.87 Mobile/15E148 Safari/605.1.15`,
  ],
  [
    'Opera on Windows',
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0`,
  ],
  // Samsung Internet is not named (bytes of core's budget): it reads as its engine.
  [
    'Chrome on Android',
    `Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S928B) ${WEBKIT} SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36`,
  ],
])('%s: %s', (label, userAgent) => {
  expect(deviceLabel(userAgent)).toBe(label)
  expect(isValidDevice(label)).toBe(true)
})

test('only what is known: the OS alone, the browser alone, or nothing', () => {
  expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Unknown/1.0')).toBe('Windows')
  expect(deviceLabel('Firefox/133.0')).toBe('Firefox')
  // Node 21+ has a navigator with this user agent; Node 20 and React Native have none.
  expect(deviceLabel('Node.js/22')).toBeUndefined()
  expect(deviceLabel('')).toBeUndefined()
  expect(deviceLabel(undefined)).toBeUndefined()
})
