/**
 * The images the benchmark works on, all made before any timing: sprites and photos from the unit
 * fixtures, the fake server's answers for what would be sent, photo JPEGs from jpeg-js, and a lossy
 * WebP with alpha from the WebP encoder of @jsquash/webp.
 */
import * as jpeg from 'jpeg-js';
import { createRaster, type Raster } from '../../src/image/raster';
import { encodeJpeg as fakeJpeg, encodePng as fakePng, generatedSize, stylize, type Raster as ServerRaster } from '../server/fakeImages';
import { readBack, webpOf } from '../unit/imageFixtures';

export const PROMPT = 'cyberpunk style, dark colours';

/** A JPEG of the raster made with jpeg-js (not the project's encoder), at `quality`. */
export function jpegOf(raster: Raster, quality = 90): Uint8Array {
  return jpeg.encode({ width: raster.width, height: raster.height, data: raster.data }, quality).data;
}

/** The fake Segmind server's stylised, opaque, about 1 MP answer for an image of this content and size. */
export function answerRaster(sent: Raster): ServerRaster {
  const src: ServerRaster = { ...sent, data: Buffer.from(sent.data.buffer, sent.data.byteOffset, sent.data.byteLength) };
  return stylize(src, generatedSize(sent.width, sent.height), PROMPT, 0.6, 42);
}

/** What the fake server answers for these sent bytes, encoded as it does (PNG, or JPEG q85). */
export function answerFor(sent: Uint8Array, format: 'png' | 'jpeg'): Uint8Array {
  const answer = answerRaster(readBack(sent));
  return format === 'png' ? fakePng(answer) : fakeJpeg(answer);
}

/** A photo-like raster with real transparency: opaque disc, a half-transparent ring, clear corners. */
export function photoWithAlpha(side: number): Raster {
  const r = createRaster(side, side);
  const c = (side - 1) / 2;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 4;
      const d = Math.hypot(x - c, y - c) / (side / 2);
      r.data.set([(x * 255) / side, (y * 255) / side, ((x ^ y) * 3) & 255, d < 0.7 ? 255 : d < 0.85 ? 128 : 0], i);
    }
  }
  return r;
}

/** A lossy WebP (VP8 + ALPH) of the raster. */
export async function lossyWebpOf(raster: Raster, quality = 75): Promise<Uint8Array> {
  return webpOf(raster, { lossless: false, quality });
}

/** Mean absolute difference of two rasters' alpha channels, or Infinity when their sizes differ. */
export function alphaDifference(a: Raster, b: Raster): number {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  let sum = 0;
  for (let i = 3; i < a.data.length; i += 4) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / (a.width * a.height);
}

/** A copy with a buffer of its own: the image worker moves the bytes it is given. */
export function copyOf(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
