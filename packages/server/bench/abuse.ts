// The bench's abuse rows: what one address's attacks cost the server, in resident memory.
import type { ChildProcess } from 'node:child_process'
import { recordFigure } from '../../../.config/benchFigures.js'
import type { BenchApp, ClientAnswer, ClientRequest } from './benchClient.js'
import type { ServerAnswer, ServerKind, ServerRequest } from './benchServer.js'
import { ask } from './ipc.js'

export interface AbuseBench {
  app: BenchApp
  config: { limits: object }
  toClient(request: ClientRequest): Promise<ClientAnswer>
  withServer<T>(
    kind: ServerKind,
    run: (server: ChildProcess, url: string) => Promise<T>,
    config?: object,
  ): Promise<T>
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1)

/**
 * Runs `attack` against a fresh server with `limits`, sampling its RSS every 50 ms; prints
 * RSS before, at the peak, and after a full GC once the attackers are gone.
 */
async function measured(
  bench: AbuseBench,
  label: string,
  limits: object,
  attack: (url: string) => Promise<string>,
): Promise<void> {
  await bench.withServer(
    'chatgate',
    async (server, url) => {
      const rss = async (op: 'rss' | 'memory') =>
        ((await ask<ServerRequest, ServerAnswer>(server, { op })) as { rss: number }).rss
      const before = await rss('memory')
      let peak = before
      let done = false
      const sampling = (async () => {
        while (!done) {
          peak = Math.max(peak, await rss('rss'))
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      })()
      const outcome = await attack(url).finally(() => {
        done = true
      })
      await sampling
      peak = Math.max(peak, await rss('rss'))
      const after = await rss('memory')
      recordFigure(`abuse.rssGrowth (${label})`, (peak - before) / 2 ** 20, 'MiB', 'lower')
      console.log(
        `  ${label}: RSS ${mib(before)} → peak ${mib(peak)} (+${mib(peak - before)}) → ${mib(after)} MiB once gone; ${outcome}`,
      )
    },
    { ...bench.config, limits: { ...bench.config.limits, ...limits } },
  )
}

/**
 * Server RSS under the fragment flood (200 connections from one address, each a message of
 * 16,382 one-byte fragments, never finished) at `maxFragments` 16 (the default) and 16,384
 * (`ws`'s own default, what the server allowed before); and under 20 clients that never
 * read, flooding at once until each is closed at the 256 KiB send cap (request rate lifted),
 * beside the same floods at a 1 KiB cap, where nothing waits: the churn of the traffic.
 */
export async function abuseSection(bench: AbuseBench): Promise<void> {
  console.log(
    'under abuse from one address (server RSS before → peak → after a full GC once the attackers are gone):',
  )
  for (const maxFragments of [16, 16_384]) {
    await measured(
      bench,
      `fragment flood, maxFragments ${maxFragments}`,
      { maxFragments },
      async (url) => {
        const answer = (await bench.toClient({
          op: 'fragmentFlood',
          url,
          connections: 200,
          fragments: 16_383,
        })) as { sentBytes: number; closeCodes: Record<string, number> }
        const codes = Object.entries(answer.closeCodes).map(([code, n]) => `${code}×${n}`)
        return `${mib(answer.sentBytes)} MiB sent by 200 connections; closed ${codes.join(', ')}`
      },
    )
  }
  const noRateLimit = { requestsPerSecond: 100_000, requestBurst: 100_000 }
  // The same floods at a 1 KiB cap: what this much traffic costs by itself, held by nobody.
  for (const [label, sendBufferBytes] of [
    ['256 KiB cap', 262_144],
    ['1 KiB cap (the traffic alone)', 1_024],
  ] as const) {
    const limits = { ...noRateLimit, sendBufferBytes }
    await measured(bench, `20 never-reading clients, ${label}`, limits, async (url) => {
      const answer = (await bench.toClient({
        op: 'neverReaders',
        url,
        count: 20,
        app: bench.app,
        prefix: 'nr',
      })) as { sentBytes: number; closed: number }
      return `${mib(answer.sentBytes)} MiB of requests; ${answer.closed} of 20 closed 4009`
    })
  }
}
