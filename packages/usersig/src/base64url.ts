// The tls-sig-api-v2 alphabet: standard base64 with `+`→`*`, `/`→`-`, `=`→`_`.
// It is not RFC 4648 base64url (that uses `-` and `_` for `+` and `/`), so Node's
// 'base64url' encoding cannot be used for it.

/** Padded groups of four characters of the escaped alphabet, `_` only as trailing padding. */
const ESCAPED_SHAPE = /^(?:[A-Za-z0-9*-]{4})*(?:[A-Za-z0-9*-]{2}__|[A-Za-z0-9*-]{3}_)?$/

export function encodeUserSigBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('base64')
    .replaceAll('+', '*')
    .replaceAll('/', '-')
    .replaceAll('=', '_')
}

/**
 * Decodes the escaped alphabet, or returns undefined unless `text` is the one canonical
 * encoding of its bytes. Node's decoder skips stray characters and ignores the unused low
 * bits of the last character, so several strings decode to the same bytes; accepting only
 * the canonical one means no changed character goes unnoticed.
 */
export function decodeUserSigBase64(text: string): Buffer | undefined {
  if (!ESCAPED_SHAPE.test(text)) return undefined
  const standard = text.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '=')
  const bytes = Buffer.from(standard, 'base64')
  return bytes.toString('base64') === standard ? bytes : undefined
}

/** Standard base64 (the `TLS.userbuf` field), canonical form only. */
export function decodeStandardBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : undefined
}
