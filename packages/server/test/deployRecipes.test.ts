import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, DEFAULT_SHUTDOWN } from '../src/config.js'
import { RESERVED_DESCRIPTORS } from '../src/descriptors.js'

// The deploy recipes must fit the server's defaults: a stop timeout shorter than the drain
// would SIGKILL every node mid-restart, a descriptor limit below maxConnections would reset
// connections unanswered. (The nginx config runs for real in test/deploy/.)
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

/** Seconds from SIGTERM to exit 0 at most, with the defaults. */
const SHUTDOWN_SECONDS =
  DEFAULT_SHUTDOWN.drainSeconds +
  DEFAULT_SHUTDOWN.closeSpreadMs / 1000 +
  DEFAULT_LIMITS.closeTimeoutMs / 1000

function setting(text: string, pattern: RegExp): string {
  const match = pattern.exec(text)
  if (!match) throw new Error(`not found: ${pattern}`)
  return match[1]!
}

describe('the deploy recipes fit the defaults', () => {
  it('systemd: SIGTERM drains, the stop timeout outlasts it, descriptors fit maxConnections, the binary is dist/cli.js', () => {
    const unit = read('../deploy/systemd/chatgate@.service')
    const manifest = JSON.parse(read('../package.json')) as { bin: Record<string, string> }
    expect(setting(unit, /^KillSignal=(\S+)$/m)).toBe('SIGTERM')
    expect(Number(setting(unit, /^TimeoutStopSec=(\d+)$/m))).toBeGreaterThan(SHUTDOWN_SECONDS + 5)
    expect(Number(setting(unit, /^LimitNOFILE=(\d+)$/m))).toBeGreaterThanOrEqual(
      2 * DEFAULT_LIMITS.maxConnections + RESERVED_DESCRIPTORS,
    )
    const bin = manifest.bin['chatgate-server']!.replace(/^\.\//, '')
    expect(setting(unit, /^ExecStart=(.+)$/m)).toContain(`@chatgate/server/${bin} --config`)
  })

  it('Kubernetes (the README snippet): probes on /readyz and /healthz, a grace period that outlasts preStop and the drain', () => {
    const readme = read('../README.md')
    const yaml = setting(readme, /### Kubernetes\n\n```yaml\n([\s\S]*?)```/)
    const preStop = Number(setting(yaml, /preStop:\s+sleep: \{ seconds: (\d+) \}/))
    expect(Number(setting(yaml, /terminationGracePeriodSeconds: (\d+)/))).toBeGreaterThan(
      preStop + SHUTDOWN_SECONDS + 5,
    )
    expect(setting(yaml, /readinessProbe:\s+httpGet: \{ path: (\S+),/)).toBe('/readyz')
    expect(setting(yaml, /livenessProbe:\s+httpGet: \{ path: (\S+),/)).toBe('/healthz')
    expect(yaml).toContain('dist/cli.js')
  })
})
