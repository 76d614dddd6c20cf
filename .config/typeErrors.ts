import { dirname } from 'node:path'
import ts from 'typescript'

/** What a strict app's tsconfig says; `customConditions` picks sources or built packages. */
const APP_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  // The real SDK's index.d.ts has declarations `noImplicitAny` refuses; apps skip them.
  skipLibCheck: true,
}

/**
 * The errors `tsc --noEmit` reports for a program of `files` (path → text), as
 * `file:line: message` lines; [] when it compiles. The files need not exist on disk: each
 * is read from `files` and resolves its imports from its path, as if it were there.
 */
export function typeErrors(
  files: Record<string, string>,
  options: { customConditions?: string[] } = {},
): string[] {
  const compilerOptions = { ...APP_OPTIONS, ...options }
  const host = ts.createCompilerHost(compilerOptions)
  const { getSourceFile, fileExists, readFile, directoryExists } = host
  const dirs = new Set(Object.keys(files).map((file) => dirname(file)))
  host.fileExists = (file) => file in files || fileExists(file)
  host.readFile = (file) => files[file] ?? readFile(file)
  host.directoryExists = (dir) => dirs.has(dir) || (directoryExists?.(dir) ?? true)
  host.getSourceFile = (file, language, ...rest) =>
    file in files
      ? ts.createSourceFile(file, files[file]!, language)
      : getSourceFile(file, language, ...rest)
  const program = ts.createProgram(Object.keys(files), compilerOptions, host)
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (!diagnostic.file || diagnostic.start === undefined) return text
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    return `${diagnostic.file.fileName}:${line + 1}: ${text}`
  })
}

/**
 * `text` with each `[from, to]` made: the edits a migration makes (an import, an option).
 * Throws unless each `from` occurs exactly once, so a fixture cannot drift from its edits.
 */
export function edited(text: string, changes: [from: string, to: string][]): string {
  return changes.reduce((result, [from, to]) => {
    if (result.split(from).length !== 2) throw new Error(`not exactly once: ${from}`)
    return result.replace(from, to)
  }, text)
}
