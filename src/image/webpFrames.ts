/** Reads an animated WebP's first frame as a standalone WebP (libwebp's simple decoder refuses animations) and places it on the canvas. */
import { createRaster, type Raster } from './raster';

export interface WebpChunk {
  readonly type: string;
  /** The whole chunk: 8-byte header, payload and the pad byte after an odd payload. */
  readonly bytes: Uint8Array;
  readonly payload: Uint8Array;
}

export interface WebpFirstFrame {
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The frame as a WebP file of its own, for the still-image decoder. */
  readonly webp: Uint8Array;
}

const ALPHA_FLAG = 0x10;
const ANIMATION_FLAG = 0x02;

/** The chunks of a RIFF WebP (or of an ANMF payload), checked to lie within the bytes; throws when one is cut off. */
export function readWebpChunks(bytes: Uint8Array, from = 12, to = riffEnd(bytes)): WebpChunk[] {
  const chunks: WebpChunk[] = [];
  let offset = from;
  while (offset + 8 <= to) {
    const type = String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
    const size = u32(bytes, offset + 4);
    const end = offset + 8 + size + (size & 1);
    if (offset + 8 + size > to) throw new Error(`${type} chunk cut off (${size} bytes at ${offset}, data ends at ${to})`);
    chunks.push({ type, bytes: bytes.subarray(offset, Math.min(end, to)), payload: bytes.subarray(offset + 8, offset + 8 + size) });
    offset = end;
  }
  return chunks;
}

/** True when the file is a VP8X WebP with its animation flag set. */
export function isAnimatedWebp(bytes: Uint8Array): boolean {
  return bytes.length >= 21 && String.fromCharCode(...bytes.subarray(12, 16)) === 'VP8X' && (bytes[20] & ANIMATION_FLAG) !== 0;
}

/** The first frame of an animated WebP, ready to decode; throws when the animation has no readable frame. */
export function firstWebpFrame(bytes: Uint8Array): WebpFirstFrame {
  const chunks = readWebpChunks(bytes);
  const vp8x = chunks[0];
  if (vp8x?.type !== 'VP8X' || vp8x.payload.length < 10) throw new Error('no VP8X chunk');
  const canvasWidth = u24(vp8x.payload, 4) + 1, canvasHeight = u24(vp8x.payload, 7) + 1;
  const anmf = chunks.find((c) => c.type === 'ANMF');
  if (!anmf || anmf.payload.length < 16) throw new Error('no ANMF frame');
  const p = anmf.payload;
  const x = u24(p, 0) * 2, y = u24(p, 3) * 2, width = u24(p, 6) + 1, height = u24(p, 9) + 1;
  const inner = readWebpChunks(p, 16, p.length);
  const alph = inner.find((c) => c.type === 'ALPH');
  const image = inner.find((c) => c.type === 'VP8 ' || c.type === 'VP8L');
  if (!image) throw new Error('first frame has no VP8 or VP8L data');
  const parts: Uint8Array[] = [];
  if (alph && image.type === 'VP8 ') parts.push(vp8xChunk(width, height), padded(alph), padded(image));
  else parts.push(padded(image));
  return { canvasWidth, canvasHeight, x, y, width, height, webp: riff(parts) };
}

/** The decoded first frame on a transparent canvas of the animation's size (a first frame has nothing to blend with). */
export function placeFrame(frame: WebpFirstFrame, pixels: Raster): Raster {
  const canvas = createRaster(frame.canvasWidth, frame.canvasHeight);
  const w = Math.min(pixels.width, frame.canvasWidth - frame.x);
  const h = Math.min(pixels.height, frame.canvasHeight - frame.y);
  for (let row = 0; row < h; row++) {
    const from = row * pixels.width * 4;
    canvas.data.set(pixels.data.subarray(from, from + w * 4), ((frame.y + row) * frame.canvasWidth + frame.x) * 4);
  }
  return canvas;
}

function riffEnd(bytes: Uint8Array): number {
  if (bytes.length < 12) throw new Error('no RIFF header');
  const end = 8 + u32(bytes, 4);
  if (end > bytes.length) throw new Error(`file is cut off: RIFF says ${end} bytes, there are ${bytes.length}`);
  return end;
}

/** A chunk with its pad byte even when the source's last chunk lacked one. */
function padded(chunk: WebpChunk): Uint8Array {
  const size = chunk.payload.length;
  if (chunk.bytes.length === 8 + size + (size & 1)) return chunk.bytes;
  const out = new Uint8Array(8 + size + 1);
  out.set(chunk.bytes.subarray(0, 8 + size));
  return out;
}

function vp8xChunk(width: number, height: number): Uint8Array {
  const chunk = new Uint8Array(18);
  chunk.set([0x56, 0x50, 0x38, 0x58, 10, 0, 0, 0, ALPHA_FLAG]); // "VP8X", size 10, flags
  put24(chunk, 12, width - 1);
  put24(chunk, 15, height - 1);
  return chunk;
}

function riff(parts: Uint8Array[]): Uint8Array {
  const size = parts.reduce((n, p) => n + p.length, 4);
  const out = new Uint8Array(8 + size);
  out.set([0x52, 0x49, 0x46, 0x46, size & 255, (size >> 8) & 255, (size >> 16) & 255, size >>> 24, 0x57, 0x45, 0x42, 0x50]);
  let at = 12;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function u24(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}
function put24(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 255; b[at + 1] = (v >> 8) & 255; b[at + 2] = (v >> 16) & 255;
}
