/**
 * Cuts a plate's answer back into its cells by position: the answer's real size is read (the service
 * answers about a megapixel, its sides rounded), each placement is mapped with its own x and y ratios
 * and cropped strictly inside its rectangle (rounded inwards: never a gutter pixel or a neighbour's),
 * then finished alone at the cell's own size: one colour per source pixel for pixel art, its alpha
 * back, its palette when asked.
 */
import { applyAlpha } from '../alpha';
import { mapToPalette } from '../palette';
import { createRaster, type Raster } from '../raster';
import { scaleArea, scaleBilinear, scaleCellPick } from '../scale';
import type { PlateLayout } from './plateLayout';

export interface CutCell {
  readonly width: number;
  readonly height: number;
  readonly pixelArt: boolean;
  readonly alpha?: Uint8Array;
  readonly palette?: Uint32Array;
}

export interface CutOptions {
  readonly keepTransparency: boolean;
  readonly keepPalette: boolean;
}

/** The rectangle of `answer` inside x0..x1, y0..y1 (answer pixels), copied. */
export function crop(answer: Raster, x0: number, y0: number, x1: number, y1: number): Raster {
  const out = createRaster(x1 - x0, y1 - y0);
  for (let y = y0; y < y1; y++) out.data.set(answer.data.subarray((y * answer.width + x0) * 4, (y * answer.width + x1) * 4), (y - y0) * out.width * 4);
  return out;
}

/** The placement's rectangle in the answer, rounded inwards so it never reaches past the cell. */
export function answerRect(answer: { width: number; height: number }, layout: PlateLayout, p: { x: number; y: number; width: number; height: number }): { x0: number; y0: number; x1: number; y1: number } {
  const sx = answer.width / layout.width;
  const sy = answer.height / layout.height;
  const x0 = Math.min(answer.width - 1, Math.ceil(p.x * sx));
  const y0 = Math.min(answer.height - 1, Math.ceil(p.y * sy));
  const x1 = Math.max(x0 + 1, Math.min(answer.width, Math.floor((p.x + p.width) * sx)));
  const y1 = Math.max(y0 + 1, Math.min(answer.height, Math.floor((p.y + p.height) * sy)));
  return { x0, y0, x1, y1 };
}

function fit(part: Raster, cell: CutCell): Raster {
  if (part.width === cell.width && part.height === cell.height) return part;
  if (cell.pixelArt) return scaleCellPick(part, cell.width, cell.height);
  return part.width >= cell.width && part.height >= cell.height ? scaleArea(part, cell.width, cell.height) : scaleBilinear(part, cell.width, cell.height);
}

/** Every placed cell of the plate, finished at its own size, by the cell index the layout gives. */
export function cutPlate(answer: Raster, layout: PlateLayout, cells: readonly CutCell[], options: CutOptions): Map<number, Raster> {
  const out = new Map<number, Raster>();
  for (const p of layout.placements) {
    const cell = cells[p.cell];
    const { x0, y0, x1, y1 } = answerRect(answer, layout, p);
    const finished = fit(crop(answer, x0, y0, x1, y1), cell);
    if (options.keepPalette && cell.palette) mapToPalette(finished, cell.palette);
    if (options.keepTransparency && cell.alpha) applyAlpha(finished, cell.alpha);
    out.set(p.cell, finished);
  }
  return out;
}
