import manifest from '../package.json' with { type: 'json' }

/** This package's version (`chatgate-server --version`, `chatgate_build_info`). */
export const SERVER_VERSION: string = manifest.version
