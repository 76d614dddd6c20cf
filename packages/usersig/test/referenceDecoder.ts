// An independent decoder written from reference/login-facts.md, step by step, sharing no
// code with src/: it checks that what we sign is what the format says.
import { createHmac } from 'node:crypto'
import { inflateSync } from 'node:zlib'

export interface ReferenceDecoded {
  deflated: Buffer
  document: Record<string, unknown>
  content: string
  recomputedSig: string
}

export function referenceDecode(sig: string, secretKey: string): ReferenceDecoded {
  // Step 3, backwards: undo `+`→`*`, `/`→`-`, `=`→`_`, then base64, then zlib.
  const base64 = sig.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '=')
  const deflated = Buffer.from(base64, 'base64')
  const document = JSON.parse(inflateSync(deflated).toString('utf8')) as Record<string, unknown>
  // Step 1: the content, one line per field, each ending in \n; userbuf only when present.
  let content = `TLS.identifier:${document['TLS.identifier']}\n`
  content += `TLS.sdkappid:${document['TLS.sdkappid']}\n`
  content += `TLS.time:${document['TLS.time']}\n`
  content += `TLS.expire:${document['TLS.expire']}\n`
  if ('TLS.userbuf' in document) content += `TLS.userbuf:${document['TLS.userbuf']}\n`
  // Step 2: standard base64 of HMAC-SHA256 keyed by the secret key's UTF-8 bytes.
  const recomputedSig = createHmac('sha256', Buffer.from(secretKey, 'utf8'))
    .update(content, 'utf8')
    .digest('base64')
  return { deflated, document, content, recomputedSig }
}
