// Builds sigs by hand, from login-facts.md, for documents our signer refuses to make
// (oversized, odd fields): the verifier must judge them on their own.
import { createHmac } from 'node:crypto'
import { deflateSync } from 'node:zlib'

export function escapeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('base64')
    .replaceAll('+', '*')
    .replaceAll('/', '-')
    .replaceAll('=', '_')
}

/** A correctly signed sig around any document fields (plus `TLS.ver` and `TLS.sig`). */
export function forgeSignedSig(
  fields: { identifier: string; sdkAppID: number; time: number; expire: number; userBuf?: string },
  secretKey: string,
  extra: Record<string, unknown> = {},
): string {
  let content = `TLS.identifier:${fields.identifier}\nTLS.sdkappid:${fields.sdkAppID}\nTLS.time:${fields.time}\nTLS.expire:${fields.expire}\n`
  if (fields.userBuf !== undefined) content += `TLS.userbuf:${fields.userBuf}\n`
  const document: Record<string, unknown> = {
    'TLS.ver': '2.0',
    'TLS.identifier': fields.identifier,
    'TLS.sdkappid': fields.sdkAppID,
    'TLS.expire': fields.expire,
    'TLS.time': fields.time,
    ...(fields.userBuf === undefined ? {} : { 'TLS.userbuf': fields.userBuf }),
    'TLS.sig': createHmac('sha256', secretKey).update(content).digest('base64'),
    ...extra,
  }
  return escapeBase64(deflateSync(JSON.stringify(document)))
}
