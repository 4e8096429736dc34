/** Rasters for the image pipeline's tests, and independent PNG/JPEG/WebP readers and writers (pngjs, jpeg-js, @jsquash/webp's encoder). */
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { createRaster, type Raster } from '../../src/image/raster';
import { jsquashWebpCodec } from '../server/fakeImages';

/** A deterministic pixel-art sprite: a few colours, a transparent border and one half-transparent pixel. */
export function spriteRaster(width: number, height: number, colours = 6): Raster {
  const r = createRaster(width, height);
  const palette = [[220, 40, 60], [40, 90, 200], [250, 200, 60], [30, 30, 40], [90, 200, 90], [240, 240, 240], [120, 60, 30], [200, 120, 220]];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const border = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      const c = palette[((x >> 1) + (y >> 1) * 3) % colours];
      r.data.set([c[0], c[1], c[2], border && width > 2 && height > 2 ? 0 : 255], i);
    }
  }
  if (width > 4 && height > 4) r.data[(2 * width + 2) * 4 + 3] = 128;
  return r;
}

/** A smooth photo-like gradient with many colours. */
export function photoRaster(width: number, height: number): Raster {
  const r = createRaster(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      r.data.set([(x * 255) / Math.max(1, width - 1), (y * 255) / Math.max(1, height - 1), ((x + y) * 97) % 256, 255], i);
    }
  }
  return r;
}

export function pngOf(r: Raster): Buffer {
  const png = new PNG({ width: r.width, height: r.height });
  Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).copy(png.data);
  return PNG.sync.write(png);
}

/** Decodes with pngjs or jpeg-js: readers independent of the pipeline's own. */
export function readBack(bytes: Uint8Array): Raster {
  const buffer = Buffer.from(bytes);
  if (buffer[0] === 0x89) {
    const png = PNG.sync.read(buffer);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
  }
  const img = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true });
  return { width: img.width, height: img.height, data: img.data };
}


type WebpEncode = (image: { width: number; height: number; data: Uint8ClampedArray }, options: { lossless: number; quality: number }) => Promise<ArrayBuffer>;
let webpEncoder: Promise<WebpEncode> | undefined;

/** @jsquash/webp's encoder (the extension ships only the decoder), loaded once. */
function loadWebpEncoder(): Promise<WebpEncode> {
  webpEncoder ??= jsquashWebpCodec<WebpEncode>('encode');
  return webpEncoder;
}

/** A real WebP of the raster: lossless VP8L by default; lossy VP8 (VP8X + ALPH with transparency) otherwise. */
export async function webpOf(r: Pick<Raster, 'width' | 'height' | 'data'>, options: { lossless?: boolean; quality?: number } = {}): Promise<Buffer> {
  const encode = await loadWebpEncoder();
  const data = new Uint8ClampedArray(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  return Buffer.from(await encode({ width: r.width, height: r.height, data }, { lossless: options.lossless === false ? 0 : 1, quality: options.quality ?? 90 }));
}
