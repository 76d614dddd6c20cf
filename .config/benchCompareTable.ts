// The table `pnpm bench:compare` prints for one bench, from the figures of its runs.
import type { Figure } from './benchFigures.js'

export type Side = 'ref' | 'this'

/** The figures of one run of a bench on one side. */
export interface RunFigures {
  figures: Map<string, Figure>
  /** Read from the printed text: REF predates BENCH_FIGURES. */
  fromText: boolean
  exitCode: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const show = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3)

/**
 * The comparison of one bench: a row per figure with both medians, the median of the
 * per-round ratios (this / REF) and their range, and in how many rounds this tree did better.
 */
export function table(
  name: string,
  runs: Record<Side, RunFigures[]>,
  rounds: number,
  results: string,
): string {
  const lines: string[] = []
  const refFromText = runs.ref.some((r) => r.fromText && r.figures.size > 0)
  lines.push(
    `\n## ${name}${refFromText ? ' (REF figures read from its printed text: it predates BENCH_FIGURES)' : ''}`,
  )
  if (runs.ref.every((r) => r.figures.size === 0)) {
    lines.push(
      `cannot compare: REF's ${name} bench recorded no figures (it predates BENCH_FIGURES) and its printed text is not in a shape this script reads; its output is in ${results}`,
    )
    return lines.join('\n')
  }
  if (runs.this.every((r) => r.figures.size === 0)) {
    lines.push(`cannot compare: this tree's ${name} bench recorded no figures; see ${results}`)
    return lines.join('\n')
  }
  const order = [...new Set(runs.this.flatMap((r) => [...r.figures.keys()]))]
  for (const key of runs.ref.flatMap((r) => [...r.figures.keys()])) {
    if (!order.includes(key)) order.push(key)
  }
  const header = ['figure', 'unit', 'REF median', 'this median', 'ratio', 'min–max', 'better in']
  const rows: string[][] = [header]
  for (const key of order) {
    const refValues = runs.ref.map((r) => r.figures.get(key)?.value)
    const ourValues = runs.this.map((r) => r.figures.get(key)?.value)
    const sample = runs.this
      .concat(runs.ref)
      .find((r) => r.figures.has(key))!
      .figures.get(key)!
    const ratios: number[] = []
    let better = 0
    for (let i = 0; i < rounds; i++) {
      const a = refValues[i]
      const b = ourValues[i]
      if (a === undefined || b === undefined || a === 0) continue
      ratios.push(b / a)
      if (sample.better === 'higher' ? b > a : b < a) better++
    }
    const present = (values: (number | undefined)[]) =>
      values.filter((v): v is number => v !== undefined)
    const refs = present(refValues)
    const ourList = present(ourValues)
    rows.push([
      key,
      sample.unit,
      refs.length ? show(median(refs)) : '—',
      ourList.length ? show(median(ourList)) : '—',
      ratios.length ? `${median(ratios).toFixed(3)}×` : '—',
      ratios.length ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : '—',
      ratios.length ? `${better}/${ratios.length} (${sample.better} is better)` : '—',
    ])
  }
  const widths = header.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)))
  for (const row of rows) {
    lines.push(
      row
        .map((cell, col) => (col < 2 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
        .join('  ')
        .trimEnd(),
    )
  }
  const failedRuns = (['ref', 'this'] as const).flatMap((side) =>
    runs[side].filter((r) => r.exitCode !== 0).map(() => side),
  )
  if (failedRuns.length) {
    lines.push(`note: ${failedRuns.length} run(s) exited non-zero (${failedRuns.join(', ')})`)
  }
  return lines.join('\n')
}
