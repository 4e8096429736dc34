/**
 * Cuts a plate's answer back into its cells by position: the answer's real size is read (the service
 * answers about a megapixel, its sides rounded, so its aspect is not quite the plate's), each placement
 * is mapped with its own x and y ratios and cropped strictly inside its rectangle (rounded inwards:
 * never a gutter pixel or a neighbour's), then finished alone at the cell's own size: one colour per
 * source pixel from inside its own cell for pixel art, smooth for photos, its palette when asked, its
 * alpha back. A seamless tile's rectangle holds its wrap-around: its centre is cut out and the seam
 * repaired, as for a tile sent alone.
 */
import { finishRaster, type FinishKeep } from '../finishRaster';
import { createRaster, type Raster } from '../raster';
import type { PlateLayout } from './plateLayout';

/** A cell as the cut finishes it: what finishing any variant needs (its size, alpha, palette, and its tile when seamless). */
export type CutCell = FinishKeep;

export interface CutOptions {
  readonly keepTransparency: boolean;
  readonly keepPalette: boolean;
}

/** A rectangle of answer pixels: x0 ≤ x < x1, y0 ≤ y < y1. */
export interface AnswerRect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The rectangle of `answer` inside x0..x1, y0..y1 (answer pixels), copied. */
export function crop(answer: Raster, rect: AnswerRect): Raster {
  const { x0, y0, x1, y1 } = rect;
  const out = createRaster(x1 - x0, y1 - y0);
  for (let y = y0; y < y1; y++) out.data.set(answer.data.subarray((y * answer.width + x0) * 4, (y * answer.width + x1) * 4), (y - y0) * out.width * 4);
  return out;
}

/**
 * The answer pixels lying wholly inside the placement's rectangle once it is mapped to the answer's
 * size, x and y apart: answer pixel i covers [i, i + 1) × (plate side / answer side) of the plate, so
 * the first kept is ceil(start × answer / plate) and the last floor(end × answer / plate) − 1, in
 * integer arithmetic (no rounding error can take a pixel outward). Throws when none is left.
 */
export function answerRect(answer: { width: number; height: number }, layout: { width: number; height: number }, p: { x: number; y: number; width: number; height: number }): AnswerRect {
  const [x0, x1] = inwards(p.x, p.width, answer.width, layout.width);
  const [y0, y1] = inwards(p.y, p.height, answer.height, layout.height);
  if (x1 <= x0 || y1 <= y0 || x0 < 0 || y0 < 0 || x1 > answer.width || y1 > answer.height) {
    throw new RangeError(`The ${answer.width} × ${answer.height} answer keeps no pixel of the ${p.width} × ${p.height} cell at ${p.x}, ${p.y} of the ${layout.width} × ${layout.height} plate.`);
  }
  return { x0, y0, x1, y1 };
}

/** [ceil(start × answerSide / plateSide), floor((start + length) × answerSide / plateSide)) for whole numbers, exactly. */
function inwards(start: number, length: number, answerSide: number, plateSide: number): [number, number] {
  const from = start * answerSide;
  const to = (start + length) * answerSide;
  return [(from - (from % plateSide)) / plateSide + (from % plateSide > 0 ? 1 : 0), (to - (to % plateSide)) / plateSide];
}

/** One placed cell of the answer, finished at its own size. */
export function cutCell(answer: Raster, layout: PlateLayout, p: PlateLayout['placements'][number], cell: CutCell, options: CutOptions): Raster {
  const part = crop(answer, answerRect(answer, layout, p));
  return finishRaster(part, cell, { palette: options.keepPalette && !!cell.palette, alpha: options.keepTransparency && !!cell.alpha });
}

/** Every placed cell of the plate, finished at its own size, by the cell index the layout gives (`cells` is indexed the same way). */
export function cutPlate(answer: Raster, layout: PlateLayout, cells: readonly CutCell[], options: CutOptions): Map<number, Raster> {
  if (answer.data.length !== answer.width * answer.height * 4) throw new RangeError(`the answer's pixels do not match its ${answer.width} × ${answer.height} size`);
  const out = new Map<number, Raster>();
  for (const p of layout.placements) {
    const cell = cells[p.cell];
    if (!cell) throw new RangeError(`the plate places cell ${p.cell}, which is not among the ${cells.length} cells`);
    out.set(p.cell, cutCell(answer, layout, p, cell, options));
  }
  return out;
}
