import { fileURLToPath } from 'node:url'

/** The example's folder, where `next build` and `next start` run. */
export const NEXT_APP_DIR = fileURLToPath(new URL('..', import.meta.url))

/** Each test leaves a screenshot of its pages here (ignored by git). */
export const SCREENSHOTS = fileURLToPath(new URL('../.screenshots', import.meta.url))

/** The `next` CLI of this app. */
export const NEXT_BIN = fileURLToPath(new URL('../node_modules/.bin/next', import.meta.url))

/**
 * The app the tests run: a fixed secret key that is in the environment for `next build` too,
 * so a test can prove it reached no file the browser downloads.
 */
export const TEST_APP = {
  SDKAppID: 1400000042,
  secretKey: 'next-example-test-secret-key-0f3a9c',
  admin: 'administrator',
  sessionSecret: 'next-example-test-session-secret-7b21',
} as const

/** The environment of every `next` command the tests run. */
export function nextEnv(url: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    CHATGATE_SDKAPPID: String(TEST_APP.SDKAppID),
    CHATGATE_SECRET_KEY: TEST_APP.secretKey,
    CHATGATE_ADMIN: TEST_APP.admin,
    CHATGATE_URL: url,
    APP_SESSION_SECRET: TEST_APP.sessionSecret,
  }
}
