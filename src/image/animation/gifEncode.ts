/**
 * Writes an animated GIF: one global palette for all frames (steady colours from frame to frame),
 * and a local exact palette for a frame whose own colours the global one would change; one
 * transparent index for pixels with alpha below 128; delays in hundredths of a second; the loop
 * count in a NETSCAPE2.0 extension.
 */
import type { Raster } from '../raster';
import type { Animation } from './animationTypes';
import { concatBytes } from './canvas';
import { ALPHA_CUTOFF, PaletteIndex, exactColours, quantize } from './quantize';

/** An animated GIF of the frames; every frame covers the whole canvas and is cleared after it is shown, so transparency is exact. */
export function encodeGif(anim: Animation): Uint8Array {
  const { width, height, frames } = anim;
  if (width > 65535 || height > 65535) throw new Error(`a GIF cannot be ${width} × ${height} px`);
  const rasters = frames.map((f) => f.raster);
  const transparency = rasters.some(hasClearPixels);
  const slots = transparency ? 255 : 256; // the transparent index takes the last entry
  const exact = exactColours(rasters, slots);
  const global = exact ?? quantize(rasters, slots);
  const globalBits = tableBits(global.length + (transparency ? 1 : 0));
  const parts: Uint8Array[] = [];
  const screen = new Uint8Array(13);
  screen.set([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]); // "GIF89a"
  put16(screen, 6, width); put16(screen, 8, height);
  screen[10] = 0x80 | ((globalBits - 1) << 4) | (globalBits - 1); // global table, colour resolution, table size
  parts.push(screen, colourTable(global, globalBits));
  const loops = Math.max(0, Math.round(anim.loopCount));
  if (loops !== 1) {
    // NETSCAPE2.0 counts repetitions after the first play (0 = forever), as browsers read it.
    const repeats = loops === 0 ? 0 : Math.min(65535, loops - 1);
    parts.push(new Uint8Array([0x21, 0xff, 11, ...Array.from('NETSCAPE2.0', (c) => c.charCodeAt(0)), 3, 1, repeats & 255, repeats >> 8, 0]));
  }
  const globalIndex = new PaletteIndex(global);
  frames.forEach(({ raster, delayMs }) => {
    // A frame with few colours that the quantized global palette would not keep gets its own exact palette.
    const own = exact ? undefined : exactColours([raster], slots);
    const palette = own ?? global;
    const bits = own ? tableBits(own.length + (transparency ? 1 : 0)) : globalBits;
    const lookup = own ? new PaletteIndex(own) : globalIndex;
    const clear = palette.length;
    const delay = Math.min(65535, Math.max(0, Math.round(delayMs / 10)));
    const disposal = transparency ? 2 : 1; // restore to background (transparent) or leave in place
    parts.push(new Uint8Array([0x21, 0xf9, 4, (disposal << 2) | (transparency ? 1 : 0), delay & 255, delay >> 8, transparency ? clear : 0, 0]));
    const descriptor = new Uint8Array(10);
    descriptor[0] = 0x2c;
    put16(descriptor, 5, width); put16(descriptor, 7, height);
    descriptor[9] = own ? 0x80 | (bits - 1) : 0;
    parts.push(descriptor);
    if (own) parts.push(colourTable(own, bits));
    const minCodeSize = Math.max(2, bits);
    parts.push(new Uint8Array([minCodeSize]), subBlocks(lzwEncode(indicesOf(raster, lookup, clear), minCodeSize)));
  });
  parts.push(new Uint8Array([0x3b]));
  return concatBytes(parts);
}

function hasClearPixels(r: Raster): boolean {
  for (let i = 3; i < r.data.length; i += 4) if (r.data[i] < ALPHA_CUTOFF) return true;
  return false;
}

/** Bits of a colour table holding `entries` (a GIF table has 2 to 256 entries, a power of two). */
function tableBits(entries: number): number {
  let bits = 1;
  while (1 << bits < entries) bits++;
  return bits;
}

function colourTable(colours: Uint32Array, bits: number): Uint8Array {
  const table = new Uint8Array(3 << bits);
  colours.forEach((c, i) => { table[i * 3] = c >> 16; table[i * 3 + 1] = (c >> 8) & 255; table[i * 3 + 2] = c & 255; });
  return table;
}

function indicesOf(raster: Raster, lookup: PaletteIndex, clear: number): Uint8Array {
  const { data } = raster;
  const out = new Uint8Array(data.length / 4);
  let lastRgb = -1, lastIndex = 0;
  for (let i = 0, p = 0; i < data.length; i += 4, p++) {
    if (data[i + 3] < ALPHA_CUTOFF) { out[p] = clear; continue; }
    const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    if (rgb !== lastRgb) { lastRgb = rgb; lastIndex = lookup.indexOf(rgb); }
    out[p] = lastIndex;
  }
  return out;
}

/** GIF's variable-length LZW (codes up to 12 bits, a clear code when the table is full), packed least significant bit first. */
export function lzwEncode(indices: Uint8Array, minCodeSize: number): Uint8Array {
  const clear = 1 << minCodeSize, end = clear + 1;
  const HASH = 8192; // more than twice the 4096 codes: short probe chains
  const keys = new Int32Array(HASH).fill(-1), codes = new Int16Array(HASH);
  let out = new Uint8Array(Math.max(64, indices.length));
  let at = 0, acc = 0, bits = 0, size = minCodeSize + 1, next = end + 1;
  const emit = (code: number): void => {
    acc |= code << bits;
    bits += size;
    while (bits >= 8) {
      if (at === out.length) { const grown = new Uint8Array(out.length * 2); grown.set(out); out = grown; }
      out[at++] = acc & 255;
      acc >>>= 8;
      bits -= 8;
    }
  };
  emit(clear);
  let current = indices[0];
  for (let i = 1; i < indices.length; i++) {
    const c = indices[i];
    const key = (current << 8) | c;
    let h = Math.imul(key, 0x9e3779b1) >>> 19; // 13 bits: 0 … HASH − 1
    while (keys[h] !== -1 && keys[h] !== key) h = (h + 1) & (HASH - 1);
    if (keys[h] === key) { current = codes[h]; continue; }
    emit(current);
    if (next >= 1 << size && size < 12) size++; // the decoder widens its codes at the same point
    if (next >= 4095) {
      emit(clear);
      keys.fill(-1);
      size = minCodeSize + 1;
      next = end + 1;
    } else {
      keys[h] = key;
      codes[h] = next++;
    }
    current = c;
  }
  emit(current);
  if (next >= 1 << size && size < 12) size++;
  emit(end);
  const tail = bits > 0 ? [acc & 255] : []; // the last partial byte, padded with zero bits
  return concatBytes([out.subarray(0, at), Uint8Array.from(tail)]);
}

/** Data as GIF sub-blocks of at most 255 bytes, then the empty terminator block. */
function subBlocks(data: Uint8Array): Uint8Array {
  const count = Math.ceil(data.length / 255);
  const out = new Uint8Array(data.length + count + 1);
  for (let i = 0, o = 0; i < count; i++) {
    const part = data.subarray(i * 255, (i + 1) * 255);
    out[o++] = part.length;
    out.set(part, o);
    o += part.length;
  }
  return out;
}

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 255; b[at + 1] = v >> 8;
}
