import { defineConfig } from 'tsup'

// One output module per source module, `const` kept: an app's bundler then drops the
// modules it does not use and inlines the code constants it does, as it would from
// source. A single bundled file turns every constant into a `var` that stays.
export default defineConfig({
  entry: ['src/*.ts'],
  bundle: false,
})
