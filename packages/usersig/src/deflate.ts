// A small zlib encoder for UserSig documents: one fixed-Huffman block, greedy LZ77 matching.
// A sig document is a few hundred bytes, and at that size setting up a native zlib stream
// costs several times more than the compression itself; this encoder allocates nothing but
// its output. Any inflater reads the result (RFC 1950 + RFC 1951); the header is `78 9c`,
// the one tls-sig-api-v2 writes.

const MIN_MATCH = 3
const MAX_MATCH = 258
const WINDOW = 32 * 1024
const HASH_BITS = 12
const END_OF_BLOCK = 256

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
]
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
]
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]

function reverseBits(code: number, length: number): number {
  let reversed = 0
  for (let i = 0; i < length; i++) reversed = (reversed << 1) | ((code >> i) & 1)
  return reversed
}

// The fixed literal/length code of RFC 1951 §3.2.6. Huffman codes go into the stream most
// significant bit first while everything else goes least significant bit first, so the
// tables hold them bit-reversed and every write is LSB-first.
const LITERAL_CODE = new Uint16Array(288)
const LITERAL_LENGTH = new Uint8Array(288)
for (let symbol = 0; symbol < 288; symbol++) {
  const [code, length] =
    symbol < 144
      ? [0x30 + symbol, 8]
      : symbol < 256
        ? [0x190 + symbol - 144, 9]
        : symbol < 280
          ? [symbol - 256, 7]
          : [0xc0 + symbol - 280, 8]
  LITERAL_CODE[symbol] = reverseBits(code, length)
  LITERAL_LENGTH[symbol] = length
}

class BitWriter {
  readonly bytes: Buffer
  length = 0
  private pending = 0
  private pendingBits = 0

  constructor(capacity: number) {
    this.bytes = Buffer.allocUnsafe(capacity)
  }

  write(value: number, bits: number): void {
    this.pending |= value << this.pendingBits
    this.pendingBits += bits
    while (this.pendingBits >= 8) {
      this.bytes[this.length++] = this.pending & 0xff
      this.pending >>>= 8
      this.pendingBits -= 8
    }
  }

  /** Pads the last byte with zero bits. */
  flush(): void {
    if (this.pendingBits > 0) this.bytes[this.length++] = this.pending & 0xff
    this.pending = 0
    this.pendingBits = 0
  }

  writeByte(value: number): void {
    this.bytes[this.length++] = value
  }
}

function writeSymbol(out: BitWriter, symbol: number): void {
  out.write(LITERAL_CODE[symbol]!, LITERAL_LENGTH[symbol]!)
}

function writeMatch(out: BitWriter, length: number, distance: number): void {
  let l = LENGTH_BASE.length - 1
  while (LENGTH_BASE[l]! > length) l--
  writeSymbol(out, 257 + l)
  if (LENGTH_EXTRA[l]! > 0) out.write(length - LENGTH_BASE[l]!, LENGTH_EXTRA[l]!)
  let d = DISTANCE_BASE.length - 1
  while (DISTANCE_BASE[d]! > distance) d--
  out.write(reverseBits(d, 5), 5)
  if (DISTANCE_EXTRA[d]! > 0) out.write(distance - DISTANCE_BASE[d]!, DISTANCE_EXTRA[d]!)
}

function adler32(input: Uint8Array): number {
  let a = 1
  let b = 0
  for (let i = 0; i < input.length; ) {
    // 5552 bytes is the most that can be summed before b could overflow 2^32 (RFC 1950).
    const end = Math.min(i + 5552, input.length)
    for (; i < end; i++) {
      a += input[i]!
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

// Last position (+1, so 0 means none) of each 3-byte hash; reset per call. Encoding is
// synchronous, so one table serves every call.
const lastSeen = new Int32Array(1 << HASH_BITS)

function hashAt(input: Uint8Array, i: number): number {
  return ((input[i]! << 8) ^ (input[i + 1]! << 4) ^ input[i + 2]!) & ((1 << HASH_BITS) - 1)
}

/** A complete zlib stream of `input`: header `78 9c`, one final fixed-Huffman block, Adler-32. */
export function zlibDeflate(input: Uint8Array): Buffer {
  const n = input.length
  // Worst case: every byte a 9-bit literal, plus header, block bits, end code and checksum.
  const out = new BitWriter(Math.ceil((n * 9) / 8) + 16)
  out.writeByte(0x78)
  out.writeByte(0x9c)
  out.write(1, 1) // BFINAL: this is the last block
  out.write(1, 2) // BTYPE 01: fixed Huffman codes
  lastSeen.fill(0)
  let i = 0
  while (i < n) {
    let matchLength = 0
    let matchDistance = 0
    if (i + MIN_MATCH <= n) {
      const hash = hashAt(input, i)
      const candidate = lastSeen[hash]! - 1
      lastSeen[hash] = i + 1
      if (candidate >= 0 && i - candidate <= WINDOW) {
        const limit = Math.min(MAX_MATCH, n - i)
        let length = 0
        while (length < limit && input[candidate + length] === input[i + length]) length++
        if (length >= MIN_MATCH) {
          matchLength = length
          matchDistance = i - candidate
        }
      }
    }
    if (matchLength === 0) {
      writeSymbol(out, input[i]!)
      i++
      continue
    }
    writeMatch(out, matchLength, matchDistance)
    const end = i + matchLength
    for (i++; i < end; i++) if (i + MIN_MATCH <= n) lastSeen[hashAt(input, i)] = i + 1
  }
  writeSymbol(out, END_OF_BLOCK)
  out.flush()
  const checksum = adler32(input)
  out.writeByte(checksum >>> 24)
  out.writeByte((checksum >>> 16) & 0xff)
  out.writeByte((checksum >>> 8) & 0xff)
  out.writeByte(checksum & 0xff)
  return out.bytes.subarray(0, out.length)
}
