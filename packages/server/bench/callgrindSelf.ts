// Where a callgrind dump's instructions went: each function's own (exclusive) count, and
// those counts gathered into a few kinds of work (zlib, OpenSSL, V8's JSON, inline caches,
// machine code V8 generated, …). Used by the instructions bench to say what separates the
// login server from bare `ws`, connection for connection.
import { readFileSync } from 'node:fs'

/** Function name → instructions spent in its own code (calls to others not included). */
export function selfCostByFunction(file: string): Map<string, number> {
  const names = new Map<string, string>()
  const cost = new Map<string, number>()
  let current: string | undefined
  let skipNext = false
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (skipNext) {
      // The line after `calls=` is the inclusive cost of that call, not this function's own.
      skipNext = false
      continue
    }
    const named = /^(c?fn)=\((\d+)\)(?: (.*))?$/.exec(line)
    if (named) {
      const [, kind, id, name] = named
      if (name !== undefined) names.set(id!, name)
      if (kind === 'fn') current = names.get(id!) ?? id
      continue
    }
    if (line.startsWith('calls=')) {
      skipNext = true
      continue
    }
    const costLine = /^[+-]?\d+ (\d+)$/.exec(line)
    if (costLine && current !== undefined) {
      cost.set(current, (cost.get(current) ?? 0) + Number(costLine[1]))
    }
  }
  return cost
}

/** Kinds of work, tried in order; a function's name decides its kind. */
const KINDS: readonly [string, RegExp][] = [
  ['zlib (UserSig inflate)', /inflate|adler32/],
  ['OpenSSL (HMAC-SHA256, SHA-1)', /sha256|sha1|SHA1|SHA256|HMAC|EVP_|OPENSSL|CRYPTO_|ossl_/],
  ['V8 JSON parse/stringify', /Json/],
  ['malloc/free', /^(malloc|free|_int_malloc|_int_free|operator new|operator delete|cfree)/],
  ['V8 garbage collection', /Scaveng|Marking|Sweep|Evacuat|RememberedSet|SlotSet/],
  ['V8 runtime (property lookups, map changes)', /v8::internal::|Runtime_/],
  ['V8 builtins (inline caches, strings, maps)', /^Builtins_/],
  ['JavaScript (V8-generated code)', /^0x/],
  ['libuv and system calls', /uv_|uv__|epoll|writev|__libc|syscall/],
]

/** `chatgate − bare` by kind of work, largest first (per connection when both counts are). */
export function extraByKind(
  bare: Map<string, number>,
  chatgate: Map<string, number>,
): [string, number][] {
  const byKind = new Map<string, number>()
  for (const name of new Set([...bare.keys(), ...chatgate.keys()])) {
    const extra = (chatgate.get(name) ?? 0) - (bare.get(name) ?? 0)
    const kind = KINDS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other'
    byKind.set(kind, (byKind.get(kind) ?? 0) + extra)
  }
  return [...byKind].sort((a, b) => b[1] - a[1])
}
