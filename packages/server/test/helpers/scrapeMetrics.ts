import type { RunningServer } from '../../src/startServer.js'

/** The server's `/metrics`, as a map from series (with labels) to value. */
export async function scrapeMetrics(server: RunningServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line)
    if (match) values.set(match[1]!, Number(match[2]))
  }
  return values
}

/** Polls `/metrics` until `series` reaches `value`; rejects with the last value seen after `timeoutMs`. */
export async function untilMetric(
  server: RunningServer,
  series: string,
  value: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let seen: number | undefined
  while (Date.now() < deadline) {
    seen = (await scrapeMetrics(server)).get(series)
    if (seen === value) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${series} stayed ${seen}, expected ${value}`)
}
