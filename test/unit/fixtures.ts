/** Small real images for unit tests, made with pngjs and jpeg-js. */
import * as jpeg from 'jpeg-js';
import type { VariantRecord } from '../../src/core/variantMetadata';
import { PNG } from 'pngjs';

export function makePng(width: number, height: number, seed = 0): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      png.data[i] = (x * 4 + seed) & 255;
      png.data[i + 1] = (y * 4 + seed * 3) & 255;
      png.data[i + 2] = ((x ^ y) * 8) & 255;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

export function makeJpeg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i * 7) & 255;
    data[i * 4 + 1] = (i * 3) & 255;
    data[i * 4 + 2] = 128;
    data[i * 4 + 3] = 255;
  }
  return jpeg.encode({ data, width, height }, 80).data;
}

/** A WebP header of each kind (VP8X, VP8L, VP8) for the given size; not a decodable picture. */
export function makeWebpHeader(kind: 'VP8X' | 'VP8L' | 'VP8 ', width: number, height: number): Buffer {
  const header = Buffer.alloc(40);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(32, 4);
  header.write('WEBP', 8, 'ascii');
  header.write(kind, 12, 'ascii');
  header.writeUInt32LE(kind === 'VP8X' ? 10 : 20, 16); // chunk size
  if (kind === 'VP8X') {
    header.writeUIntLE(width - 1, 24, 3);
    header.writeUIntLE(height - 1, 27, 3);
  } else if (kind === 'VP8L') {
    header[20] = 0x2f;
    header.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21);
  } else {
    header.set([0x9d, 0x01, 0x2a], 23); // key frame start code
    header.writeUInt16LE(width, 26);
    header.writeUInt16LE(height, 28);
  }
  return header;
}

/** A complete, valid variant record; `overrides` replace fields. */
export function sampleVariantRecord(overrides: Partial<VariantRecord> = {}): VariantRecord {
  return {
    version: 1,
    prompt: 'a watercolor knight, soft light',
    strength: 0.6,
    outputFormat: 'png',
    outputSize: 'source',
    keepTransparency: true,
    keepPalette: false,
    model: 'sd3-turbo-img2img',
    source: { name: 'knight.png', sha256: 'ab'.repeat(32), width: 32, height: 32 },
    answer: { width: 1024, height: 1024 },
    saved: { width: 32, height: 32 },
    createdAt: '2025-01-31T12:34:56.789Z',
    elapsedMs: 4321,
    requestId: 'req-0123-abcd',
    seed: 123456789,
    cost: 0.08,
    creditsAfter: 11.92,
    ...overrides,
  };
}
