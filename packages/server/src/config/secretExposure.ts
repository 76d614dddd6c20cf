import { statSync } from 'node:fs'

/** The file's permission bits when every user of the machine may read it. */
function worldReadableMode(path: string): string | undefined {
  if (process.platform === 'win32') return undefined
  try {
    const mode = statSync(path).mode & 0o777
    return mode & 0o004 ? mode.toString(8).padStart(3, '0') : undefined
  } catch {
    return undefined
  }
}

/**
 * Warnings (never the key) for secret keys that any user of this machine can read: a
 * config file holding a key inline, or a key file named by `{"file"}`, with mode o+r.
 * Start-up goes on; the operator is told how to close it. `raw` is the config as read.
 */
export function secretExposureWarnings(configFile: string, raw: unknown): string[] {
  const apps = (raw as { apps?: unknown } | null)?.apps
  const keys = Array.isArray(apps)
    ? apps.map((app) => (app as { secretKey?: unknown } | null)?.secretKey)
    : []
  const warnings: string[] = []
  const configMode = keys.some((key) => typeof key === 'string')
    ? worldReadableMode(configFile)
    : undefined
  if (configMode) {
    warnings.push(
      `${configFile} holds a secret key and every user of this machine can read it (mode ${configMode}): chmod 600 it, or name the key with {"env": …} or {"file": …}.`,
    )
  }
  for (const key of keys) {
    const file = (key as { file?: unknown } | null)?.file
    const mode = typeof file === 'string' ? worldReadableMode(file) : undefined
    if (mode) {
      warnings.push(
        `${file} holds a secret key and every user of this machine can read it (mode ${mode}): chmod 600 it.`,
      )
    }
  }
  return warnings
}
