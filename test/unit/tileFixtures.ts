/** Tiles for the seam tests and the benchmark: a wrapping pixel-art brick wall, a wrapping photo texture, the real fixtures. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../src/image/decode';
import { createRaster, type Raster } from '../../src/image/raster';
export const GAME_ART = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'game-art');

export async function gameArt(name: string): Promise<Raster> {
  return (await decodeImage(fs.readFileSync(path.join(GAME_ART, name)), name)).raster;
}

/** A small deterministic hash of two integers, 0 … 2^32 − 1. */
export function hash(a: number, b: number): number {
  let h = (Math.imul(a, 0x27d4eb2d) ^ Math.imul(b + 0x165667b1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** A wrapping pixel-art brick wall: four courses of two bricks, mortar, a few speckles; 6 colours. */
export function brickTile(width: number, height: number): Raster {
  const colours = [[150, 70, 50], [176, 92, 60], [128, 58, 44], [204, 192, 170], [96, 44, 36], [190, 120, 80]];
  const out = createRaster(width, height);
  const courseHeight = height / 4, brick = width / 2;
  for (let y = 0; y < height; y++) {
    const course = Math.floor(y / courseHeight);
    for (let x = 0; x < width; x++) {
      const along = (x + (course % 2 ? brick / 2 : 0)) % width;
      const mortar = y % courseHeight === 0 || along % brick === 0;
      const speckle = hash(x, y) % 9 === 0;
      const c = mortar ? colours[3] : speckle ? colours[4 + (hash(y, x) % 2)] : colours[hash(course, Math.floor(along / brick)) % 3];
      out.data.set([c[0], c[1], c[2], 255], (y * width + x) * 4);
    }
  }
  return out;
}

/** A wrapping photo-like texture: periodic sines in each channel plus per-pixel noise. */
export function photoTexture(width: number, height: number): Raster {
  const out = createRaster(width, height);
  const tau = 2 * Math.PI;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width, v = y / height;
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const wave = 40 * Math.sin(tau * (3 * u + 2 * v) + c) + 30 * Math.sin(tau * (5 * u + c / 3)) * Math.cos(tau * 4 * v);
        out.data[i + c] = Math.max(0, Math.min(255, 120 + wave + ((hash(x * 3 + c, y) % 25) - 12)));
      }
      out.data[i + 3] = 255;
    }
  }
  return out;
}

/** A copy with `perColumn` × x + `perRow` × y added to every colour channel (clamped): a ramp that does not wrap. */
export function withRamp(src: Raster, perColumn: number, perRow: number): Raster {
  const out = { ...src, data: src.data.slice() };
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      const i = (y * src.width + x) * 4;
      for (let c = 0; c < 3; c++) out.data[i + c] = Math.max(0, Math.min(255, Math.round(out.data[i + c] + perColumn * x + perRow * y)));
    }
  }
  return out;
}
