import { defaultClientConditions, defaultServerConditions, type UserConfig } from 'vite'

/**
 * Resolve sibling `@chatgate/*` packages from their sources (the `source` export
 * condition) so tests and stories never need a build first.
 */
export const sourceConditions = {
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
} satisfies UserConfig

/**
 * Tests left out while `pnpm mutate` runs (it sets CHATGATE_MUTATION): the ones that
 * type-check the sources (`*Typings.test.ts`) judge types, which no runtime mutant changes,
 * and they fail on Stryker's instrumented sources, which do not type-check.
 */
export const notUnderMutation = process.env.CHATGATE_MUTATION ? ['test/**/*Typings.test.ts'] : []

/**
 * For projects whose tests start real servers, redis-server or Chromium. Vitest's 5 s
 * default fails a test that takes 3 s on a quiet machine once CI's machine is busy; a
 * timeout only stops a hung test, so a roomy one hides nothing (no test asserts speed).
 */
export const realPartsTimeouts = { testTimeout: 30_000, hookTimeout: 60_000 }
