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

  test('under reduced motion every spinner turns slower, and nothing else changes', async () => {
    const css = (await readFile(new URL('../src/styles.css', import.meta.url), 'utf8')).replace(
      /\/\*[\s\S]*?\*\//g,
      '',
    )
    const spinners = [...css.matchAll(/([^{};]+)\{[^}]*animation:\s*chatgate-spin[^}]*\}/g)]
      .flatMap((match) => selectors(match[1] as string))
      .filter((selector) => !selector.startsWith('@'))
    expect(spinners.length).toBeGreaterThan(3)
    const reduced = /@media \(prefers-reduced-motion: reduce\) \{([\s\S]*?\})\s*\}/.exec(css)
    const rules = [...(reduced?.[1] ?? '').matchAll(/([^{}]+)\{([^}]*)\}/g)]
    expect(rules).toHaveLength(1)
    const [, list, body] = rules[0] as RegExpMatchArray
    expect((body as string).trim()).toBe('animation-duration: 2.4s;')
    expect(selectors(list as string).sort()).toEqual([...spinners].sort())
  })
})
