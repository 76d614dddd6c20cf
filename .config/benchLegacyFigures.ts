// Figures of a bench run that predates `recordFigure` (it wrote no figures file), read back
// from the text it printed, under the names today's benches record. Only the benches a
// login-path change is judged by are read: server, client and usersig. For any other,
// or text in a shape not known here, the answer is empty and the comparison says so.
import type { Better, Figure } from './benchFigures.js'

type Reader = (text: string) => Figure[]

const figure = (name: string, value: string, unit: string, better: Better): Figure => ({
  name,
  value: Number(value.replaceAll(',', '')),
  unit,
  better,
})

/** `  chatgate: p50 X ms, p99 Y ms` and `  relay floor: p50 …` lines after a section title. */
function latencySection(text: string, title: string, name: string): Figure[] {
  const start = text.indexOf(title)
  if (start === -1) return []
  const section = text.slice(start).split('\n').slice(1, 3).join('\n')
  const ours = /chatgate: p50 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(section)
  const floor = /relay floor: p50 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(section)
  if (!ours || !floor) return []
  return [
    figure(`${name}.p50`, ours[1]!, 'ms', 'lower'),
    figure(`${name}.p99`, ours[2]!, 'ms', 'lower'),
    figure(`${name}.floor.p50`, floor[1]!, 'ms', 'lower'),
    figure(`${name}.floor.p99`, floor[2]!, 'ms', 'lower'),
    figure(`${name}.p99/floor`, String(Number(ours[2]) / Number(floor[2])), '×', 'lower'),
  ]
}

const readServer: Reader = (text) => {
  const figures: Figure[] = []
  const throughput = /median: bare ([\d.]+)\/s, chatgate ([\d.]+)\/s, ratio ([\d.]+)/.exec(text)
  if (throughput) {
    figures.push(
      figure('throughput.bare', throughput[1]!, '/s', 'higher'),
      figure('throughput.chatgate', throughput[2]!, '/s', 'higher'),
      figure('throughput.ratio', throughput[3]!, '×', 'higher'),
    )
  }
  const cpu =
    /CPU per connection \(median\): bare ([\d.]+) µs, chatgate ([\d.]+) µs; capacity ratio bare\/chatgate CPU ([\d.]+)/.exec(
      text,
    )
  if (cpu) {
    figures.push(
      figure('cpu.bare', cpu[1]!, 'µs', 'lower'),
      figure('cpu.chatgate', cpu[2]!, 'µs', 'lower'),
      figure('cpu.capacityRatio', cpu[3]!, '×', 'higher'),
    )
  }
  figures.push(...latencySection(text, 'connect-to-ready at', 'ready'))
  figures.push(...latencySection(text, 'kick propagation', 'kick'))
  const memory = /memory per idle logged-in connection at \d+ connections: ([\d.]+) KiB/.exec(text)
  if (memory) figures.push(figure('memory.perConnection', memory[1]!, 'KiB', 'lower'))
  for (const [, label, growth] of text.matchAll(/^ {2}(.+): RSS .* \(\+([\d.]+) MiB at most\)/gm)) {
    figures.push(figure(`flood.rssGrowth (${label!.split(/ \(|,/)[0]})`, growth!, 'MiB', 'lower'))
  }
  return figures
}

const readClient: Reader = (text) => {
  const figures: Figure[] = []
  const rows = { raw: /^raw protocol client \(ws\)/m, core: /^@chatgate\/core/m }
  for (const [name, start] of Object.entries(rows)) {
    const at = text.search(start)
    const line = at === -1 ? '' : text.slice(at).split('\n')[0]!
    const match = /p50 ([\d.]+) ms\s+p99 ([\d.]+) ms/.exec(line)
    if (!match) continue
    figures.push(
      figure(`${name}.p50`, match[1]!, 'ms', 'lower'),
      figure(`${name}.p99`, match[2]!, 'ms', 'lower'),
    )
  }
  const ratios = /p99 ratio core\/raw: ([\d.]+).*p50 ratio ([\d.]+)/.exec(text)
  if (ratios) {
    figures.push(
      figure('ratio.p99', ratios[1]!, '×', 'lower'),
      figure('ratio.p50', ratios[2]!, '×', 'lower'),
    )
  }
  return figures
}

const readUsersig: Reader = (text) => {
  const figures: Figure[] = []
  const cases = /^(verify tampered|verify|sign|tls-sig-api-v2 sign) +([\d,]+) ops\/s/gm
  for (const [, name, rate] of text.matchAll(cases)) {
    figures.push(figure(name!, rate!, 'ops/s', 'higher'))
  }
  const sign = /^ratio sign ours\/theirs +([\d.]+)/m.exec(text)
  if (sign) figures.push(figure('ratio.sign', sign[1]!, '×', 'higher'))
  const verify = /^ratio verify\/their sign +([\d.]+)/m.exec(text)
  if (verify) figures.push(figure('ratio.verify', verify[1]!, '×', 'higher'))
  return figures
}

const readers: Record<string, Reader> = {
  server: readServer,
  client: readClient,
  usersig: readUsersig,
}

/** The figures in the printed output of bench `name`; empty when it cannot be read. */
export function figuresFromText(name: string, text: string): Figure[] {
  return (readers[name]?.(text) ?? []).filter((f) => Number.isFinite(f.value))
}
