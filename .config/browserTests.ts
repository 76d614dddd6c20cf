/** Helpers every browser-test harness shares (the demo's and the Next.js example's). */

/** A file name for a test's screenshot, from the test's name. */
export function screenshotName(testName: string): string {
  return testName
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 120)
}

let userCounter = 0

/** A UserID no other test of this run uses, so no test sees another's sessions. */
export function uniqueUserID(name: string): string {
  userCounter += 1
  return `${name}-${process.pid}-${userCounter}`
}

/** `label: median M ms, worst W ms (n=N)`: how the handover tests print their timings. */
export function timingLine(label: string, values: number[]): string {
  const sorted = [...values].sort((x, y) => x - y)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return `${label}: median ${median} ms, worst ${sorted.at(-1)} ms (n=${values.length})`
}
