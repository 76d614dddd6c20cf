// Every bench prints its figures for people; `pnpm bench:compare` also needs them as data.
// `recordFigure` appends one JSON line per figure to the file named by BENCH_FIGURES and
// does nothing without it, so what a bench prints stays exactly as it was.
import { appendFileSync } from 'node:fs'

/** The environment variable naming the file figures are appended to. */
export const FIGURES_ENV = 'BENCH_FIGURES'

/** Which way a figure improves, so a comparison can say whether a change helped. */
export type Better = 'higher' | 'lower'

/** One line of the figures file. */
export interface Figure {
  name: string
  value: number
  unit: string
  better: Better
}

/**
 * Records one figure of this run, e.g. `recordFigure('kick.p99', 1.8, 'ms', 'lower')`.
 * A value that is not a finite number (no samples) is left out rather than recorded.
 */
export function recordFigure(name: string, value: number, unit: string, better: Better): void {
  const file = process.env[FIGURES_ENV]
  if (!file || !Number.isFinite(value)) return
  appendFileSync(file, `${JSON.stringify({ name, value, unit, better } satisfies Figure)}\n`)
}
