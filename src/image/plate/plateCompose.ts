/** Draws a plate: neutral grey, each cell flattened onto that grey, scaled by its whole factor, at its place. */
import { flattenOnto, NEUTRAL_BACKGROUND } from '../alpha';
import { base64Ascii } from '../base64';
import { encodeJpeg, encodePng } from '../encode';
import { MAX_IMAGE_BYTES } from '../plan';
import { createRaster, type Raster } from '../raster';
import { scaleBilinear, scaleNearest } from '../scale';
import type { PlateLayout } from './plateLayout';

const JPEG_QUALITY_SENT = 92;

/** Copies `src` into `dst` at x, y (rows at a time). */
export function blit(src: Raster, dst: Raster, x: number, y: number): void {
  const row = src.width * 4;
  for (let sy = 0; sy < src.height; sy++) {
    const to = ((y + sy) * dst.width + x) * 4;
    dst.data.set(src.data.subarray(sy * row, sy * row + row), to);
  }
}

/** The plate's pixels. `cells[i]` is the cell the layout's placement with `cell: i` shows; pixel art is scaled nearest (crisp blocks), the rest smoothly. */
export function composePlate(layout: PlateLayout, cells: readonly Raster[], pixelArt: (cell: number) => boolean = () => true): Raster {
  const plate = createRaster(layout.width, layout.height);
  const [r, g, b] = NEUTRAL_BACKGROUND;
  const grey = new Uint8Array([r, g, b, 255]);
  for (let i = 0; i < plate.data.length; i += 4) plate.data.set(grey, i);
  for (const p of layout.placements) {
    const cell = flattenOnto(cells[p.cell]);
    const scaled = p.factor === 1 ? cell : pixelArt(p.cell) ? scaleNearest(cell, p.width, p.height) : scaleBilinear(cell, p.width, p.height);
    blit(scaled, plate, p.x, p.y);
  }
  return plate;
}

/** The plate as the request's image: PNG (crisp pixel art), JPEG only if the PNG would pass the request limit. */
export async function plateRequest(plate: Raster): Promise<{ bytes: Uint8Array; format: 'png' | 'jpeg'; width: number; height: number; base64: Uint8Array }> {
  let bytes = encodePng(plate);
  let format: 'png' | 'jpeg' = 'png';
  if (bytes.length > MAX_IMAGE_BYTES) {
    bytes = await encodeJpeg(plate, JPEG_QUALITY_SENT);
    format = 'jpeg';
  }
  return { bytes, format, width: plate.width, height: plate.height, base64: base64Ascii(bytes) };
}
