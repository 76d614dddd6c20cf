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
