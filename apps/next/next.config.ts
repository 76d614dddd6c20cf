import type { NextConfig } from 'next'

// Next.js 16's defaults, as create-next-app writes them: Cache Components on, so whatever
// reads request data (the layout's environment) renders under <Suspense>. The @chatgate
// packages arrive built, with "use client" where needed.
const config: NextConfig = {
  cacheComponents: true,
  poweredByHeader: false,
}

export default config
