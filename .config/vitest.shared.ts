import { defaultClientConditions, defaultServerConditions, type UserConfig } from 'vite'

/**
 * Resolve sibling `@chatgate/*` packages from their sources (the `source` export
 * condition) so tests and stories never need a build first.
 */
export const sourceConditions = {
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
} satisfies UserConfig
