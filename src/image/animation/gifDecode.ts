/**
 * Animated GIF: reads the blocks (global and local palettes, graphic control extensions, the
 * NETSCAPE2.0 loop count), decodes each image's LZW data (interlaced or not) and composites it with
 * its transparent index and disposal method as browsers do (restore to background clears to transparent).
 */
import { createRaster } from '../raster';
import type { Animation, AnimationFrame } from './animationTypes';
import { ascii, clearRect, cloneRaster, cropRect, drawFrame, u16le } from './canvas';
import { checkBudget, checkInside, damaged } from './limits';

const KIND = 'animated GIF';
const DISPOSE_BACKGROUND = 2, DISPOSE_PREVIOUS = 3;

export function isGif(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF89a' || ascii(bytes, 0, 6) === 'GIF87a');
}

interface GifImage {
  x: number; y: number; w: number; h: number;
  interlaced: boolean;
  /** RGB triples and how many entries the table has. */
  palette: Uint8Array; colours: number;
  minCodeSize: number;
  data: Uint8Array[];
  transparent: number; disposal: number; delayMs: number;
}

interface GifFile { width: number; height: number; loopCount: number; images: GifImage[] }

/** True for a GIF with more than one image (reads block headers only). */
export function isAnimatedGif(bytes: Uint8Array): boolean {
  if (!isGif(bytes)) return false;
  const images: GifImage[] = [];
  try { scan(bytes, images); } catch { /* a damaged file: count what was read */ }
  return images.length > 1;
}

/** Reads the block structure into `images` (so a caller sees how far it got when it throws). */
function scan(bytes: Uint8Array, images: GifImage[]): GifFile {
  if (bytes.length < 13) throw damaged(KIND, 'its header is cut off');
  const width = u16le(bytes, 6), height = u16le(bytes, 8), flags = bytes[10];
  let at = 13;
  let global: Uint8Array | undefined;
  if (flags & 0x80) {
    const size = 3 << ((flags & 7) + 1);
    if (at + size > bytes.length) throw damaged(KIND, 'its global colour table is cut off');
    global = bytes.subarray(at, at + size);
    at += size;
  }
  /** Sub-blocks from `at` up to their terminator; returns their payloads and moves past them. */
  const subBlocks = (what: string): Uint8Array[] => {
    const blocks: Uint8Array[] = [];
    for (;;) {
      if (at >= bytes.length) throw damaged(KIND, `it is cut off inside ${what}`);
      const size = bytes[at++];
      if (size === 0) return blocks;
      if (at + size > bytes.length) throw damaged(KIND, `it is cut off inside ${what}`);
      blocks.push(bytes.subarray(at, at + size));
      at += size;
    }
  };
  let loopCount = 1, transparent = -1, disposal = 0, delayMs = 0;
  while (at < bytes.length) {
    const introducer = bytes[at++];
    if (introducer === 0x3b) break; // trailer
    if (introducer === 0x21) {
      if (at >= bytes.length) throw damaged(KIND, 'it is cut off inside an extension');
      const label = bytes[at++];
      const blocks = subBlocks('an extension');
      if (label === 0xf9 && blocks[0]?.length >= 4) {
        const g = blocks[0];
        disposal = (g[0] >> 2) & 7;
        transparent = g[0] & 1 ? g[3] : -1;
        delayMs = u16le(g, 1) * 10;
      } else if (label === 0xff && blocks.length >= 2 && blocks[0].length === 11 && /^(NETSCAPE2\.0|ANIMEXTS1\.0)$/.test(ascii(blocks[0], 0, 11))) {
        const b = blocks[1];
        if (b.length >= 3 && b[0] === 1) {
          const repeats = u16le(b, 1);
          loopCount = repeats === 0 ? 0 : repeats + 1; // the count is of repetitions after the first play, as browsers read it
        }
      }
      continue;
    }
    if (introducer !== 0x2c) throw damaged(KIND, `it has an unknown block (0x${introducer.toString(16)}) at byte ${at - 1}`);
    if (at + 9 > bytes.length) throw damaged(KIND, `frame ${images.length + 1}'s image descriptor is cut off`);
    const x = u16le(bytes, at), y = u16le(bytes, at + 2), w = u16le(bytes, at + 4), h = u16le(bytes, at + 6), f = bytes[at + 8];
    at += 9;
    const index = images.length;
    checkInside(KIND, index, x, y, w, h, width, height);
    let palette = global;
    if (f & 0x80) {
      const size = 3 << ((f & 7) + 1);
      if (at + size > bytes.length) throw damaged(KIND, `frame ${index + 1}'s colour table is cut off`);
      palette = bytes.subarray(at, at + size);
      at += size;
    }
    if (!palette) throw damaged(KIND, `frame ${index + 1} has no colour table`);
    if (at >= bytes.length) throw damaged(KIND, `frame ${index + 1}'s image data is cut off`);
    const minCodeSize = bytes[at++];
    if (minCodeSize < 1 || minCodeSize > 11) throw damaged(KIND, `frame ${index + 1} has an invalid LZW code size ${minCodeSize}`);
    const data = subBlocks(`frame ${index + 1}'s image data`);
    images.push({ x, y, w, h, interlaced: (f & 0x40) !== 0, palette, colours: palette.length / 3, minCodeSize, data, transparent, disposal, delayMs });
    transparent = -1; disposal = 0; delayMs = 0; // a graphic control extension applies to the next image only
  }
  return { width, height, loopCount, images };
}

/** Decodes every frame of a GIF, or undefined for a GIF with one image; throws AnimationFault for damage or size. */
export function decodeGifAnimation(bytes: Uint8Array): Animation | undefined {
  const images: GifImage[] = [];
  const { width, height, loopCount } = scan(bytes, images);
  if (images.length < 2) return undefined;
  checkBudget(KIND, width, height, images.length);
  const canvas = createRaster(width, height);
  const frames: AnimationFrame[] = [];
  images.forEach((image, i) => {
    const { x, y, w, h } = image;
    const saved = image.disposal === DISPOSE_PREVIOUS ? cropRect(canvas, x, y, w, h) : undefined;
    const pixels = cropRect(canvas, x, y, w, h);
    paint(image, i, pixels.data);
    drawFrame(canvas, pixels, x, y, false);
    frames.push({ raster: cloneRaster(canvas), delayMs: image.delayMs });
    if (image.disposal === DISPOSE_BACKGROUND) clearRect(canvas, x, y, w, h);
    else if (saved) drawFrame(canvas, saved, x, y, false);
  });
  return { format: 'gif', width, height, loopCount, frames };
}

/** Paints an image's opaque pixels over `out` (its rectangle of the canvas, RGBA); transparent and missing pixels leave it as it is. */
function paint(image: GifImage, index: number, out: Uint8Array): void {
  const { w, h, palette, colours, transparent } = image;
  const { indices, count } = lzw(image, index);
  const rows = rowOrder(h, image.interlaced);
  for (let k = 0; k < count; k++) {
    const c = indices[k];
    if (c === transparent || c >= colours) continue;
    const row = rows[(k / w) | 0], o = (row * w + (k % w)) * 4;
    out[o] = palette[c * 3]; out[o + 1] = palette[c * 3 + 1]; out[o + 2] = palette[c * 3 + 2]; out[o + 3] = 255;
  }
}

/** Which image row each stored row is: the four interlace passes, or top to bottom. */
function rowOrder(h: number, interlaced: boolean): Int32Array {
  const rows = new Int32Array(h);
  if (!interlaced) { for (let i = 0; i < h; i++) rows[i] = i; return rows; }
  let k = 0;
  for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]]) for (let r = start; r < h; r += step) rows[k++] = r;
  return rows;
}

/** The colour indices of an image, in stored order; `count` is less than w × h when the data ends early (browsers show the rest as it was). */
function lzw(image: GifImage, index: number): { indices: Uint8Array; count: number } {
  const total = image.w * image.h;
  const out = new Uint8Array(total);
  const prefix = new Int16Array(4096), suffix = new Uint8Array(4096), first = new Uint8Array(4096), length = new Uint16Array(4096);
  const clear = 1 << image.minCodeSize, end = clear + 1;
  for (let c = 0; c < clear; c++) { prefix[c] = -1; suffix[c] = first[c] = c; length[c] = 1; }
  let size = image.minCodeSize + 1, next = end + 1, prev = -1, pos = 0;
  let acc = 0, bits = 0, block = 0, byte = 0;
  const blocks = image.data;
  for (;;) {
    while (bits < size && block < blocks.length) {
      acc |= blocks[block][byte++] << bits;
      bits += 8;
      if (byte === blocks[block].length) { block++; byte = 0; }
    }
    if (bits < size || pos >= total) break;
    const code = acc & ((1 << size) - 1);
    acc >>>= size; bits -= size;
    if (code === clear) { size = image.minCodeSize + 1; next = end + 1; prev = -1; continue; }
    if (code === end) break;
    if (code > next || (code === next && (prev < 0 || next >= 4096)) || (prev < 0 && code > end)) {
      throw damaged(KIND, `frame ${index + 1}'s image data has an invalid LZW code`);
    }
    if (prev >= 0 && next < 4096) {
      prefix[next] = prev;
      suffix[next] = code < next ? first[code] : first[prev];
      first[next] = first[prev];
      length[next] = length[prev] + 1;
      next++;
    }
    // Write the code's string backwards from its last byte, clipped to the image.
    const len = length[code];
    for (let c = code, p = pos + len - 1; c >= 0; c = prefix[c], p--) if (p < total) out[p] = suffix[c];
    pos += len;
    if (next >= 1 << size && size < 12) size++;
    prev = code;
  }
  return { indices: out, count: Math.min(pos, total) };
}
