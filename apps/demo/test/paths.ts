import { fileURLToPath } from 'node:url'

/** The demo build the browser tests serve (ignored by git, beside the test results). */
export const DEMO_DIST = fileURLToPath(new URL('../.test-results/dist', import.meta.url))

/** Each test leaves a screenshot of its last state here (ignored by git). */
export const SCREENSHOTS = fileURLToPath(new URL('../.screenshots', import.meta.url))
