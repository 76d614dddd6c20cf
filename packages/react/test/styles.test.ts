// @vitest-environment node
import { readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'

/** Splits a selector list at its top-level commas (not those inside `:where(…)`, `:not(…)`). */
function selectors(list: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const char of list) {
    if (char === '(' || char === '[') depth++
    if (char === ')' || char === ']') depth--
    if (char === ',' && depth === 0) {
      parts.push(current.trim())
      current = ''
    } else current += char
  }
  return [...parts, current.trim()]
}

describe('styles.css', () => {
  test('styles only the kit’s own elements: no rule reaches :root, html, body or the app (rule 37)', async () => {
    const css = (await readFile(new URL('../src/styles.css', import.meta.url), 'utf8')).replace(
      /\/\*[\s\S]*?\*\//g,
      '',
    )
    const preludes = [...css.matchAll(/([^{};]+)\{/g)]
      .map((match) => (match[1] as string).trim())
      .filter((prelude) => !prelude.startsWith('@') && !/^(from|to|\d+%)$/.test(prelude))
    expect(preludes.length).toBeGreaterThan(10)
    for (const prelude of preludes) {
      for (const selector of selectors(prelude)) {
        expect(selector, prelude).not.toMatch(/:root|(?<![\w-])(?:html|body)\b|^\*/)
        // The element a rule styles (the last compound) is one of the kit's own, or inside one.
        expect(selector, prelude).toMatch(/\.chatgate-[\w-]+/)
      }
    }
  })
})
