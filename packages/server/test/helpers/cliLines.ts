/** The JSON objects of a process's output, one per line; a line that is not one throws. */
export function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        const value: unknown = JSON.parse(line)
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          return value as Record<string, unknown>
        }
      } catch {
        // reported below
      }
      throw new Error(`not a JSON object line: ${line}`)
    })
}

/** The URLs of the CLI's `ready` line on stdout, once it has written it. */
export function readyUrls(stdout: string): { url: string; wsUrl: string } | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.includes('"event":"ready"')) continue
    const { url, wsUrl } = JSON.parse(line) as { url: string; wsUrl: string }
    return { url, wsUrl }
  }
  return undefined
}
