/**
 * A small lossless WebP (VP8L) encoder: the subtract-green and predictor transforms, no colour
 * cache, backward references only to the pixel on the left and the pixel above (runs and repeated
 * rows, which is where sprites and transparent backgrounds repeat), one set of Huffman codes per
 * image. Every pixel comes back exactly, RGB under transparent pixels included (libwebp's lossless
 * encoder rewrites those unless told not to). Files are about a fifth bigger than libwebp's default
 * lossless ones, but this is a few KB of script instead of a 280 KB wasm encoder.
 */
import type { Raster } from '../raster';
import { BLOCK_BITS, PREDICTOR, SUBTRACT_GREEN, blocks, chooseModes, predict, subtractGreen } from './vp8lPredict';

/** Order in which the code-length code's lengths are written (fixed by the format). */
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const MAX_LENGTH = 4096;
const MIN_MATCH = 3;
/** Distance codes of the format's 2-D neighbourhood: 1 is the pixel above, 2 the pixel on the left. */
const ABOVE = 1, LEFT = 2;

class BitWriter {
  private buf = new Uint8Array(1024);
  private at = 0;
  private acc = 0;
  private n = 0;
  /** Writes the low `bits` bits of `value` (bits ≤ 24), least significant first. */
  put(value: number, bits: number): void {
    this.acc |= value << this.n;
    this.n += bits;
    while (this.n >= 8) {
      if (this.at === this.buf.length) { const b = new Uint8Array(this.buf.length * 2); b.set(this.buf); this.buf = b; }
      this.buf[this.at++] = this.acc & 255;
      this.acc >>>= 8;
      this.n -= 8;
    }
  }
  bytes(): Uint8Array {
    if (this.n > 0) this.put(0, 8 - this.n);
    return this.buf.slice(0, this.at);
  }
}

/** Huffman code lengths for `counts`, none longer than `limit` (counts are flattened until the tree fits). */
export function codeLengths(counts: ArrayLike<number>, limit: number): Uint8Array {
  const lengths = new Uint8Array(counts.length);
  let weights = Array.from(counts);
  for (;;) {
    const symbols = weights.map((_, s) => s).filter((s) => weights[s] > 0).sort((a, b) => weights[a] - weights[b] || a - b);
    if (symbols.length === 0) return lengths;
    if (symbols.length === 1) { lengths[symbols[0]] = 1; return lengths; }
    // Two-queue Huffman: leaves sorted by weight, merged nodes come out in weight order too.
    const weight: number[] = symbols.map((s) => weights[s]);
    const parent: number[] = [];
    let leaf = 0, node = symbols.length;
    const pick = (): number => (leaf < symbols.length && (node >= weight.length || weight[leaf] <= weight[node]) ? leaf++ : node++);
    while (weight.length < 2 * symbols.length - 1) {
      const a = pick(), b = pick();
      parent[a] = parent[b] = weight.length;
      weight.push(weight[a] + weight[b]);
    }
    const depth = new Array<number>(weight.length).fill(0);
    for (let i = weight.length - 2; i >= 0; i--) depth[i] = depth[parent[i]] + 1;
    let longest = 0;
    symbols.forEach((s, i) => { lengths[s] = depth[i]; longest = Math.max(longest, depth[i]); });
    if (longest <= limit) return lengths;
    weights = weights.map((w) => (w > 0 ? Math.ceil(w / 2) : 0));
  }
}

/** Canonical codes for the lengths, bit-reversed for a least-significant-first writer. */
function canonicalCodes(lengths: Uint8Array): Uint16Array {
  const count = new Array<number>(16).fill(0);
  for (const l of lengths) if (l) count[l]++;
  const next = new Array<number>(16).fill(0);
  for (let l = 1, code = 0; l < 16; l++) { code = (code + count[l - 1]) << 1; next[l] = code; }
  const codes = new Uint16Array(lengths.length);
  lengths.forEach((l, s) => {
    if (!l) return;
    let c = next[l]++, r = 0;
    for (let i = 0; i < l; i++) { r = (r << 1) | (c & 1); c >>= 1; }
    codes[s] = r;
  });
  return codes;
}

/** How a symbol is written once its code is in the stream: bit lengths (0 when the code has one symbol) and codes. */
interface Code { lengths: Uint8Array; codes: Uint16Array }

function emittable(lengths: Uint8Array): Code {
  let used = 0;
  for (const l of lengths) if (l) used++;
  if (used <= 1) return { lengths: new Uint8Array(lengths.length), codes: new Uint16Array(lengths.length) };
  return { lengths, codes: canonicalCodes(lengths) };
}

/** Writes a prefix code for `counts` (simple form for up to two symbols below 256) and returns how to emit its symbols. */
function writeCode(w: BitWriter, counts: Uint32Array): Code {
  const used: number[] = [];
  counts.forEach((c, s) => { if (c > 0) used.push(s); });
  if (used.length <= 2 && used.every((s) => s < 256)) {
    const [s0 = 0, s1] = used;
    w.put(1, 1); // simple code
    w.put(used.length === 2 ? 1 : 0, 1);
    if (s0 < 2) { w.put(0, 1); w.put(s0, 1); } else { w.put(1, 1); w.put(s0, 8); }
    const lengths = new Uint8Array(counts.length), codes = new Uint16Array(counts.length);
    if (s1 !== undefined) { w.put(s1, 8); lengths[s0] = lengths[s1] = 1; codes[s1] = 1; }
    return { lengths, codes };
  }
  const lengths = codeLengths(counts, 15);
  // The lengths as code-length symbols: 0–15 literally, 17 and 18 for runs of zeros.
  const tokens: number[] = [], extras: number[] = [];
  for (let i = 0; i < lengths.length;) {
    let run = 0;
    while (i + run < lengths.length && lengths[i + run] === 0 && run < 138) run++;
    if (run >= 11) { tokens.push(18); extras.push(run - 11); i += run; }
    else if (run >= 3) { tokens.push(17); extras.push(run - 3); i += run; }
    else { tokens.push(lengths[i]); extras.push(0); i++; }
  }
  const clCounts = new Uint32Array(19);
  for (const t of tokens) clCounts[t]++;
  const clLengths = codeLengths(clCounts, 7);
  let last = 3;
  CODE_LENGTH_ORDER.forEach((s, i) => { if (clLengths[s]) last = Math.max(last, i); });
  w.put(0, 1); // normal code
  w.put(last + 1 - 4, 4);
  for (let i = 0; i <= last; i++) w.put(clLengths[CODE_LENGTH_ORDER[i]], 3);
  w.put(0, 1); // every symbol's length follows
  const cl = emittable(clLengths);
  tokens.forEach((t, i) => {
    w.put(cl.codes[t], cl.lengths[t]);
    if (t === 17) w.put(extras[i], 3);
    else if (t === 18) w.put(extras[i], 7);
  });
  return emittable(lengths);
}

/** The format's prefix coding of a value ≥ 1: symbol, extra bit count and extra bits. */
function prefix(value: number): [number, number, number] {
  const d = value - 1;
  if (d < 4) return [d, 0, 0];
  const high = 31 - Math.clz32(d);
  const second = (d >> (high - 1)) & 1;
  return [2 * high + second, high - 1, d & ((1 << (high - 1)) - 1)];
}

/**
 * A VP8L bitstream (the payload of a `VP8L` chunk) holding the raster exactly: the residuals of the
 * subtract-green and predictor transforms (a predictor chosen per 16 × 16 block), or the plain
 * pixels when that is smaller (flat pixel art, where the transforms' own data costs more than they save).
 */
export function encodeVp8l(raster: Raster): Uint8Array {
  const { width, height, data } = raster;
  if (width < 1 || height < 1 || width > 16384 || height > 16384) throw new Error(`VP8L cannot hold ${width} × ${height} px`);
  const n = width * height;
  const px = new Uint32Array(n);
  let alphaUsed = 0;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    px[i] = ((data[j + 3] << 24) | (data[j] << 16) | (data[j + 1] << 8) | data[j + 2]) >>> 0;
    if (data[j + 3] !== 255) alphaUsed = 1;
  }
  const header = (w: BitWriter): void => {
    w.put(0x2f, 8);
    w.put(width - 1, 14);
    w.put(height - 1, 14);
    w.put(alphaUsed, 1);
    w.put(0, 3); // version
  };
  const plain = new BitWriter();
  header(plain);
  plain.put(0, 1); // no transform
  writeImage(plain, px, width, height, true);
  const transformed = new BitWriter();
  header(transformed);
  // The decoder undoes the transforms in the reverse order of these: predictor first, then green.
  subtractGreen(px);
  transformed.put(1, 1); transformed.put(SUBTRACT_GREEN, 2);
  const modes = chooseModes(px, width, height);
  transformed.put(1, 1); transformed.put(PREDICTOR, 2); transformed.put(BLOCK_BITS - 2, 3);
  writeImage(transformed, modes, blocks(width), blocks(height), false);
  transformed.put(0, 1); // no more transforms
  writeImage(transformed, predict(px, width, height, modes), width, height, true);
  const a = plain.bytes(), b = transformed.bytes();
  return a.length <= b.length ? a : b;
}

/** One entropy-coded image: no colour cache, one set of prefix codes, backward references to the left and above. */
function writeImage(w: BitWriter, px: Uint32Array, width: number, height: number, main: boolean): void {
  const n = width * height;
  // Tokens: a literal is its pixel index, a copy is -(length), followed by its distance code in `dists`.
  const tokens = new Int32Array(n), dists = new Uint8Array(n);
  let count = 0;
  const green = new Uint32Array(256 + 24), red = new Uint32Array(256), blue = new Uint32Array(256), alpha = new Uint32Array(256), dist = new Uint32Array(40);
  for (let i = 0; i < n;) {
    let left = 0, up = 0;
    if (i > 0) while (left < MAX_LENGTH && i + left < n && px[i + left] === px[i + left - 1]) left++;
    if (i >= width) while (up < MAX_LENGTH && i + up < n && px[i + up] === px[i + up - width]) up++;
    const length = Math.max(left, up);
    if (length >= MIN_MATCH) {
      const code = up >= left ? ABOVE : LEFT;
      tokens[count] = -length; dists[count++] = code;
      green[256 + prefix(length)[0]]++; dist[prefix(code)[0]]++;
      i += length;
    } else {
      const p = px[i];
      tokens[count++] = i;
      green[(p >> 8) & 255]++; red[(p >> 16) & 255]++; blue[p & 255]++; alpha[p >>> 24]++;
      i++;
    }
  }
  w.put(0, 1); // no colour cache
  if (main) w.put(0, 1); // one set of prefix codes for the whole image
  const G = writeCode(w, green), R = writeCode(w, red), B = writeCode(w, blue), A = writeCode(w, alpha), D = writeCode(w, dist);
  for (let t = 0; t < count; t++) {
    const token = tokens[t];
    if (token >= 0) {
      const p = px[token], g = (p >> 8) & 255, r = (p >> 16) & 255, b = p & 255, a = p >>> 24;
      w.put(G.codes[g], G.lengths[g]); w.put(R.codes[r], R.lengths[r]);
      w.put(B.codes[b], B.lengths[b]); w.put(A.codes[a], A.lengths[a]);
    } else {
      const [ls, lbits, lextra] = prefix(-token);
      w.put(G.codes[256 + ls], G.lengths[256 + ls]);
      w.put(lextra, lbits);
      const [ds, dbits, dextra] = prefix(dists[t]);
      w.put(D.codes[ds], D.lengths[ds]);
      w.put(dextra, dbits);
    }
  }
}
