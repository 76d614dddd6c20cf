import type { NextConfig } from 'next'

// Nothing to configure: the @chatgate packages arrive built, with "use client" where needed.
const config: NextConfig = {
  poweredByHeader: false,
}

export default config
