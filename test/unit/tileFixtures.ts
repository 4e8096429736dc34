/** Tiles for the seam tests and the benchmark: a wrapping pixel-art brick wall, a wrapping photo texture, the real fixtures. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeImage } from '../../src/image/decode';
import type { PlateLayout } from '../../src/image/plate/plateLayout';
import { createRaster, type Raster } from '../../src/image/raster';
import { encodePng, generatedSize, stylize } from '../server/fakeImages';
import { pngOf, readBack } from './imageFixtures';
import type { SetMember } from '../../src/image/set/setTypes';
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

/** Levels the plate answer's gradient adds across each cell, left to right and top to bottom. */
const PLATE_GRADIENT = 120;

/**
 * The server's answer to a plate's request: its model of the plate and, in every cell, a strong
 * gradient that does not wrap (red and green); with `mark`, each cell's blue channel is its mark (and
 * the gutters' 0), so a pixel taken from a neighbour shows.
 */
export function rampedPlateAnswer(layout: PlateLayout, request: Uint8Array, mark?: (cell: number) => number): Buffer {
  const sent = readBack(request);
  const size = generatedSize(layout.width, layout.height);
  const out = stylize({ ...sent, data: Buffer.from(sent.data) }, size, 'mossy stone, hand painted', 0.6, 7);
  if (mark) for (let p = 2; p < out.data.length; p += 4) out.data[p] = 0;
  const sx = size.width / layout.width, sy = size.height / layout.height;
  for (const placed of layout.placements) {
    const x0 = Math.floor(placed.x * sx), x1 = Math.ceil((placed.x + placed.width) * sx);
    const y0 = Math.floor(placed.y * sy), y1 = Math.ceil((placed.y + placed.height) * sy);
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const shift = PLATE_GRADIENT * ((x - x0) / (x1 - x0 - 1) - 0.5) + PLATE_GRADIENT * ((y - y0) / (y1 - y0 - 1) - 0.5);
        const i = (y * size.width + x) * 4;
        for (let c = 0; c < (mark ? 2 : 3); c++) out.data[i + c] = Math.max(0, Math.min(255, Math.round(out.data[i + c] + shift)));
        if (mark) out.data[i + 2] = mark(placed.cell);
      }
    }
  }
  return encodePng(out);
}

/** A wrapping brick tile whose colours are turned per index (each channel shifted modulo 256: still wrapping, same palette size). */
export function tintedTile(i: number, size = 32): Raster {
  const tile = brickTile(size, size);
  for (let p = 0; p < tile.data.length; p += 4) for (let c = 0; c < 3; c++) tile.data[p + c] = (tile.data[p + c] + i * (53 + 31 * c)) % 256;
  return tile;
}

/** Cells side by side in one sheet, with the Aseprite JSON (array form) that names them. */
export function sheetOf(cells: readonly Raster[]): SetMember {
  const height = Math.max(...cells.map((c) => c.height));
  const sheet = createRaster(cells.reduce((w, c) => w + c.width, 0), height);
  const frames = [];
  let x = 0;
  for (const [f, cell] of cells.entries()) {
    for (let y = 0; y < cell.height; y++) sheet.data.set(cell.data.subarray(y * cell.width * 4, (y + 1) * cell.width * 4), (y * sheet.width + x) * 4);
    const size = { w: cell.width, h: cell.height };
    frames.push({ filename: `ground ${f}.aseprite`, frame: { x, y: 0, ...size }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, ...size }, sourceSize: size, duration: 100 });
    x += cell.width;
  }
  const json = { frames, meta: { app: 'https://www.aseprite.org/', image: 'ground.png', size: { w: sheet.width, h: height }, frameTags: [] } };
  return { bytes: pngOf(sheet), fileName: 'ground.png', sidecar: { name: 'ground.json', text: JSON.stringify(json) }, seamless: 'auto' };
}

