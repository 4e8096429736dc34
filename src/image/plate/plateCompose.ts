/** Draws a plate: neutral grey, each cell flattened onto that grey, scaled by its factor, at its place; and encodes it for the request. */
import { flattenOnto, NEUTRAL_BACKGROUND } from '../alpha';
import { base64Ascii } from '../base64';
import { encodeJpeg, encodePng } from '../encode';
import { MAX_IMAGE_BYTES } from '../plan';
import { createRaster, type Raster } from '../raster';
import { scaleArea, scaleBilinear, scaleNearest } from '../scale';
import type { PlateLayout, PlatePlacement } from './plateLayout';

const JPEG_QUALITY_SENT = 92;

/** The image a plate's request carries. */
export interface PlateRequestImage {
  readonly bytes: Uint8Array;
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
  /** The bytes' base64 as ASCII, ready for the request body. */
  readonly base64: Uint8Array;
}

/** Copies `src` into `dst` at x, y (rows at a time); it must lie inside. */
export function blit(src: Raster, dst: Raster, x: number, y: number): void {
  if (x < 0 || y < 0 || x + src.width > dst.width || y + src.height > dst.height) throw new RangeError(`a ${src.width} × ${src.height} cell at ${x}, ${y} is outside the ${dst.width} × ${dst.height} plate`);
  const row = src.width * 4;
  for (let sy = 0; sy < src.height; sy++) {
    const to = ((y + sy) * dst.width + x) * 4;
    dst.data.set(src.data.subarray(sy * row, sy * row + row), to);
  }
}

/** A raster of one opaque colour. */
function filled(width: number, height: number, rgb: readonly [number, number, number]): Raster {
  const out = createRaster(width, height);
  const pixel = new Uint32Array(new Uint8Array([rgb[0], rgb[1], rgb[2], 255]).buffer)[0];
  new Uint32Array(out.data.buffer, out.data.byteOffset, width * height).fill(pixel);
  return out;
}

/** One cell as it lies on the plate: opaque (flattened onto the grey), at the placement's size. */
function scaledCell(raster: Raster, p: PlatePlacement, pixelArt: boolean): Raster {
  const cell = flattenOnto(raster);
  if (cell.width === p.width && cell.height === p.height) return cell;
  if (pixelArt) return scaleNearest(cell, p.width, p.height);
  return p.width <= cell.width && p.height <= cell.height ? scaleArea(cell, p.width, p.height) : scaleBilinear(cell, p.width, p.height);
}

/**
 * The plate's pixels. `cells[i]` is the raster of input cell i (the index the placements name); pixel
 * art is scaled nearest (crisp whole-factor blocks), the rest smoothly. `pixelArt` overrides the
 * placements' own flag.
 */
export function composePlate(layout: PlateLayout, cells: readonly Raster[], pixelArt?: (cell: number) => boolean): Raster {
  const plate = filled(layout.width, layout.height, NEUTRAL_BACKGROUND);
  for (const p of layout.placements) {
    const raster = cells[p.cell];
    if (!raster) throw new RangeError(`the plate places cell ${p.cell}, which has no raster`);
    blit(scaledCell(raster, p, pixelArt ? pixelArt(p.cell) : p.pixelArt), plate, p.x, p.y);
  }
  return plate;
}

/**
 * The plate as the request's image: a PNG (lossless, crisp blocks; the block filter is quick on the
 * repeated rows of gutters and scaled pixels), a JPEG only if the PNG would pass the request limit.
 */
export async function plateRequest(plate: Raster, options: { blocks?: boolean } = {}): Promise<PlateRequestImage> {
  let bytes = encodePng(plate, { blocks: options.blocks ?? true });
  let format: 'png' | 'jpeg' = 'png';
  if (bytes.length > MAX_IMAGE_BYTES) {
    bytes = await encodeJpeg(plate, JPEG_QUALITY_SENT);
    format = 'jpeg';
  }
  return { bytes, format, width: plate.width, height: plate.height, base64: base64Ascii(bytes) };
}
