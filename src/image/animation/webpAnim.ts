/**
 * Animated WebP: reads the ANIM/ANMF container, decodes each frame with the project's libwebp
 * decoder and composites it (alpha-blending or not, dispose to background or not) as libwebp's
 * animation decoder and browsers do; writes one back with lossless (VP8L) frames.
 */
import { createRaster, hasTransparency, type Raster } from '../raster';
import { wasmDecodeWebp } from '../wasmCodecs';
import { readWebpChunks, type WebpChunk } from '../webpFrames';
import type { Animation, AnimationFrame } from './animationTypes';
import { ascii, changedRect, clearRect, cloneRaster, concatBytes, cropRect, drawFrame, u16le, u24le } from './canvas';
import { checkBudget, checkInside, damaged } from './limits';
import { encodeVp8l } from './vp8l';

const KIND = 'animated WebP';
const ANIMATION_FLAG = 0x02, ALPHA_FLAG = 0x10;
/** ANMF flag bits: 1 = dispose the frame's rectangle to background after showing it, 2 = do not blend. */
const DISPOSE_BIT = 0x01, NO_BLEND_BIT = 0x02;

/** True for a RIFF WebP whose VP8X chunk sets the animation flag. */
export function isAnimatedWebp(bytes: Uint8Array): boolean {
  return bytes.length >= 21 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP' && ascii(bytes, 12, 4) === 'VP8X' && (bytes[20] & ANIMATION_FLAG) !== 0;
}

function chunksOf(bytes: Uint8Array, from?: number, to?: number, what = 'its'): WebpChunk[] {
  try {
    return readWebpChunks(bytes, from, to);
  } catch (error) {
    throw damaged(KIND, `${what} ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface FrameHeader { x: number; y: number; w: number; h: number; delayMs: number; blend: boolean; dispose: boolean; payload: Uint8Array }

/** Decodes every frame of an animated WebP (isAnimatedWebp is true); throws AnimationFault for damage or size. */
export async function decodeWebpAnimation(bytes: Uint8Array): Promise<Animation> {
  const chunks = chunksOf(bytes);
  const vp8x = chunks[0];
  if (vp8x?.type !== 'VP8X' || vp8x.payload.length < 10) throw damaged(KIND, 'its VP8X chunk is missing or short');
  const width = u24le(vp8x.payload, 4) + 1, height = u24le(vp8x.payload, 7) + 1;
  const anim = chunks.find((c) => c.type === 'ANIM');
  if (!anim || anim.payload.length < 6) throw damaged(KIND, 'its ANIM chunk (loop count) is missing or short');
  const loopCount = u16le(anim.payload, 4);
  const anmf = chunks.filter((c) => c.type === 'ANMF');
  checkBudget(KIND, width, height, anmf.length);
  const headers = anmf.map((chunk, i): FrameHeader => {
    const p = chunk.payload;
    if (p.length < 16) throw damaged(KIND, `frame ${i + 1}'s ANMF header is cut off`);
    const header = {
      x: u24le(p, 0) * 2, y: u24le(p, 3) * 2, w: u24le(p, 6) + 1, h: u24le(p, 9) + 1, delayMs: u24le(p, 12),
      blend: (p[15] & NO_BLEND_BIT) === 0, dispose: (p[15] & DISPOSE_BIT) !== 0, payload: p,
    };
    checkInside(KIND, i, header.x, header.y, header.w, header.h, width, height);
    return header;
  });
  const canvas = createRaster(width, height);
  const frames: AnimationFrame[] = [];
  for (const [i, f] of headers.entries()) {
    const pixels = await decodeFrame(f, i);
    drawFrame(canvas, pixels, f.x, f.y, f.blend);
    frames.push({ raster: cloneRaster(canvas), delayMs: f.delayMs });
    if (f.dispose) clearRect(canvas, f.x, f.y, f.w, f.h);
  }
  return { format: 'webp', width, height, loopCount, frames };
}

/** One ANMF frame's bitstream as a WebP file of its own, decoded by libwebp, checked to have the frame's size. */
async function decodeFrame(f: FrameHeader, i: number): Promise<Raster> {
  const inner = chunksOf(f.payload, 16, f.payload.length, `frame ${i + 1}:`);
  const image = inner.find((c) => c.type === 'VP8 ' || c.type === 'VP8L');
  if (!image) throw damaged(KIND, `frame ${i + 1} has no VP8 or VP8L image data`);
  const alph = inner.find((c) => c.type === 'ALPH');
  const parts = alph && image.type === 'VP8 '
    ? [chunk('VP8X', vp8xPayload(ALPHA_FLAG, f.w, f.h)), chunk('ALPH', alph.payload), chunk('VP8 ', image.payload)]
    : [chunk(image.type, image.payload)];
  let pixels: Raster;
  try {
    pixels = await wasmDecodeWebp(riff(parts));
  } catch (error) {
    throw damaged(KIND, `frame ${i + 1}'s image data could not be read`, error);
  }
  if (pixels.width !== f.w || pixels.height !== f.h) {
    throw damaged(KIND, `frame ${i + 1} is ${pixels.width} × ${pixels.height} px inside, but its ANMF header says ${f.w} × ${f.h}`);
  }
  return pixels;
}

/**
 * An animated WebP of the frames: lossless frames (exact pixels), the loop count (at most 65535)
 * and each delay in milliseconds (at most about 4.6 hours). After the first frame only the rectangle
 * that changed is stored, replacing the canvas there (no blending, no disposal), so what a viewer
 * shows is exactly each frame.
 */
export function encodeWebpAnimation(anim: Animation): Uint8Array {
  const { width, height, frames } = anim;
  const alpha = frames.some((f) => hasTransparency(f.raster));
  const anim6 = new Uint8Array(6); // background colour (B, G, R, A) transparent, then the loop count
  const loops = Math.min(65535, Math.max(0, Math.round(anim.loopCount)));
  anim6[4] = loops & 255; anim6[5] = loops >> 8;
  const parts = [chunk('VP8X', vp8xPayload(ANIMATION_FLAG | (alpha ? ALPHA_FLAG : 0), width, height)), chunk('ANIM', anim6)];
  frames.forEach((frame, i) => {
    const rect = i === 0 ? { x: 0, y: 0, w: width, h: height } : changedRect(frames[i - 1].raster, frame.raster, true);
    const pixels = i === 0 ? frame.raster : cropRect(frame.raster, rect.x, rect.y, rect.w, rect.h);
    const header = new Uint8Array(16);
    put24(header, 0, rect.x / 2); put24(header, 3, rect.y / 2);
    put24(header, 6, rect.w - 1); put24(header, 9, rect.h - 1);
    put24(header, 12, Math.min(0xffffff, Math.max(0, Math.round(frame.delayMs))));
    header[15] = NO_BLEND_BIT;
    parts.push(chunk('ANMF', concatBytes([header, chunk('VP8L', encodeVp8l(pixels))])));
  });
  return riff(parts);
}

function vp8xPayload(flags: number, width: number, height: number): Uint8Array {
  const p = new Uint8Array(10);
  p[0] = flags;
  put24(p, 4, width - 1);
  put24(p, 7, height - 1);
  return p;
}

/** A RIFF chunk: type, little-endian size, payload and a pad byte after an odd payload. */
function chunk(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length + (payload.length & 1));
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, payload.length, true);
  out.set(payload, 8);
  return out;
}

function riff(parts: Uint8Array[]): Uint8Array {
  const body = concatBytes([new Uint8Array([0x57, 0x45, 0x42, 0x50]), ...parts]); // "WEBP"
  const out = new Uint8Array(8 + body.length);
  out.set([0x52, 0x49, 0x46, 0x46]); // "RIFF"
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

function put24(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 255; b[at + 1] = (v >> 8) & 255; b[at + 2] = (v >> 16) & 255;
}
