/**
 * A sheet without JSON: a grid found from fully transparent gutters (columns and rows that are alpha 0
 * across the whole image), or one the user sets (Cells, Margin, Spacing). One margin (left and top) and
 * one spacing serve both axes, as in Tiled; frames come out in reading order.
 *
 * Detection, along each axis, looks at the bands of lines that hold any pixel:
 * 1. When the bands are all one width at one pitch on both axes, and agree on margin and spacing, the
 *    bands are the cells (tilemap.png: 16 × 16 with 1 px spacing).
 * 2. Otherwise the cells are bigger than what they hold (sprites drawn inside their cells with clear
 *    padding, no spacing: LilWiz_Running_(32 x 32).png, 20 px wide runners in 32 px cells). A grid fits
 *    when every band lies inside one cell and no cell of a row or column is empty; among those, the most
 *    cells, then one that fills the image exactly (nothing or the margin left over), then the drawings
 *    sitting at the same place in every cell, then the least spacing and margin. Three cells at least
 *    (two drawings side by side are more often one picture than a sheet), none more than twice as wide
 *    or tall as the widest or tallest band.
 */
import type { Raster } from '../raster';
import { MAX_SHEET_FRAMES, type SheetFrame } from './sheetJson';

export interface GridSpec {
  readonly cellWidth: number;
  readonly cellHeight: number;
  readonly margin: number;
  readonly spacing: number;
}

export interface GridGuess extends GridSpec {
  readonly columns: number;
  readonly rows: number;
}

type Band = readonly [start: number, end: number];

/** Smaller cells are no sprites. */
const MIN_CELL = 4;
/** The search tries margins and spacings up to this many pixels, and gives up past a fixed amount of work. */
const MAX_SEARCH_GAP = 64;
const SEARCH_BUDGET = 4_000_000;

/** Runs of non-empty lines: [start, end) of each band between transparent gutters. */
function bandsOf(filled: Uint8Array): Band[] {
  const out: Band[] = [];
  let start = -1;
  for (let i = 0; i <= filled.length; i++) {
    const on = i < filled.length && filled[i] === 1;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

interface AxisFit {
  readonly cell: number;
  readonly count: number;
  /** The cells fill the axis: nothing, or as much as the margin, is left after the last one. */
  readonly exact: boolean;
  /** How much the drawings' places inside their cells vary (0: the same place in every cell). */
  readonly drift: number;
}

/** The bands on cells of `cell` px after `margin`, `spacing` apart: every band inside one cell, no cell empty up to the last band. */
function fitAxis(bands: readonly Band[], length: number, margin: number, spacing: number, cell: number): AxisFit | undefined {
  const pitch = cell + spacing;
  let slot = -1, lastEnd = 0;
  let minLeft = Infinity, maxLeft = -Infinity, minRight = Infinity, maxRight = -Infinity;
  const close = () => {
    const right = margin + slot * pitch + cell - lastEnd;
    minRight = Math.min(minRight, right);
    maxRight = Math.max(maxRight, right);
  };
  for (const [a, e] of bands) {
    if (a < margin) return undefined;
    const k = Math.floor((a - margin) / pitch);
    const offset = a - margin - k * pitch;
    if (offset + (e - a) > cell) return undefined;
    if (k !== slot) {
      if (k !== slot + 1) return undefined;
      if (slot >= 0) close();
      slot = k;
      minLeft = Math.min(minLeft, offset);
      maxLeft = Math.max(maxLeft, offset);
    }
    lastEnd = e;
  }
  if (slot < 0) return undefined;
  close();
  const count = slot + 1;
  const left = length - (margin + count * cell + (count - 1) * spacing);
  if (left < 0) return undefined;
  return { cell, count, exact: left === 0 || left === margin, drift: maxLeft - minLeft + (maxRight - minRight) };
}

function betterAxis(a: AxisFit, b: AxisFit | undefined): boolean {
  if (!b) return true;
  if (a.count !== b.count) return a.count > b.count;
  if (a.exact !== b.exact) return a.exact;
  if (a.drift !== b.drift) return a.drift < b.drift;
  return a.cell < b.cell;
}

/**
 * The best fit of one axis for a margin and spacing; `work` counts band checks against the budget. A cell
 * is at most twice the widest band: dots or specks spread over an image are no sprites in big cells.
 */
function bestAxis(bands: readonly Band[], length: number, margin: number, spacing: number, work: { steps: number }): AxisFit | undefined {
  const widest = bands.reduce((most, [a, e]) => Math.max(most, e - a), 0);
  const lastEnd = bands[bands.length - 1][1];
  for (let n = bands.length; n >= 1; n--) {
    let best: AxisFit | undefined;
    const lo = Math.max(MIN_CELL, widest, Math.ceil((lastEnd - margin - (n - 1) * spacing) / n));
    const hi = Math.min(2 * widest, Math.floor((length - margin - (n - 1) * spacing) / n));
    for (let cell = lo; cell <= hi; cell++) {
      work.steps += bands.length;
      if (work.steps > SEARCH_BUDGET) return best;
      const fit = fitAxis(bands, length, margin, spacing, cell);
      if (fit && fit.count === n && betterAxis(fit, best)) best = fit;
    }
    if (best) return best;
  }
  return undefined;
}

/** Rule 1: equal bands at one pitch are the cells themselves. */
function tightAxis(bands: readonly Band[]): { cell: number; margin: number; spacing?: number; count: number } | undefined {
  const width = bands[0][1] - bands[0][0];
  const pitch = bands.length > 1 ? bands[1][0] - bands[0][0] : 0;
  if (bands.some(([a, e], i) => e - a !== width || a - bands[0][0] !== i * pitch)) return undefined;
  return { cell: width, margin: bands[0][0], count: bands.length, ...(bands.length > 1 ? { spacing: pitch - width } : {}) };
}

function tightGrid(columns: readonly Band[], rows: readonly Band[]): GridGuess | undefined {
  const x = tightAxis(columns), y = tightAxis(rows);
  if (!x || !y || x.margin !== y.margin) return undefined;
  if (x.spacing !== undefined && y.spacing !== undefined && x.spacing !== y.spacing) return undefined;
  const grid = { cellWidth: x.cell, cellHeight: y.cell, margin: x.margin, spacing: x.spacing ?? y.spacing ?? 0, columns: x.count, rows: y.count };
  return grid.columns * grid.rows >= 2 ? grid : undefined;
}

function filledGrid(columns: readonly Band[], rows: readonly Band[], width: number, height: number): GridGuess | undefined {
  const widestGap = (b: readonly Band[]) => b.reduce((most, [a], i) => (i ? Math.max(most, a - b[i - 1][1]) : most), 0);
  const maxSpacing = Math.min(MAX_SEARCH_GAP, Math.max(widestGap(columns), widestGap(rows)));
  const maxMargin = Math.min(MAX_SEARCH_GAP, columns[0][0], rows[0][0]);
  const work = { steps: 0 };
  let best: { grid: GridGuess; exact: boolean; drift: number } | undefined;
  search: for (let spacing = 0; spacing <= maxSpacing; spacing++) {
    for (let margin = 0; margin <= maxMargin; margin++) {
      const x = bestAxis(columns, width, margin, spacing, work);
      const y = x && bestAxis(rows, height, margin, spacing, work);
      if (work.steps > SEARCH_BUDGET) break search;
      if (!x || !y) continue;
      const cells = x.count * y.count, exact = x.exact && y.exact, drift = x.drift + y.drift;
      const better = !best || cells > best.grid.columns * best.grid.rows || (cells === best.grid.columns * best.grid.rows && (exact !== best.exact ? exact : drift < best.drift));
      if (better) best = { grid: { cellWidth: x.cell, cellHeight: y.cell, margin, spacing, columns: x.count, rows: y.count }, exact, drift };
    }
  }
  return best && best.grid.columns * best.grid.rows >= 3 ? best.grid : undefined;
}

/** A grid from fully transparent gutters, or undefined unless it makes at least 2 cells of one size (at least 4 px a side). */
export function detectGrid(raster: Raster): GridGuess | undefined {
  const { width, height, data } = raster;
  const filledColumns = new Uint8Array(width), filledRows = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width * 4 + 3; x < width; x++, i += 4) {
      if (data[i] !== 0) {
        filledColumns[x] = 1;
        filledRows[y] = 1;
      }
    }
  }
  const columns = bandsOf(filledColumns), rows = bandsOf(filledRows);
  if (!columns.length || !rows.length) return undefined;
  const usable = (g: GridGuess | undefined) => g && g.cellWidth >= MIN_CELL && g.cellHeight >= MIN_CELL && g.columns * g.rows <= MAX_SHEET_FRAMES ? g : undefined;
  return usable(tightGrid(columns, rows)) ?? usable(filledGrid(columns, rows, width, height));
}

/** The frames of a grid over an image, in reading order; cells that are fully transparent are skipped when the raster is given. */
export function gridFrames(image: Raster | { readonly width: number; readonly height: number }, spec: GridSpec): { ok: true; frames: SheetFrame[] } | { ok: false; problem: string } {
  const { cellWidth: w, cellHeight: h, margin, spacing } = spec;
  if (![w, h].every((n) => Number.isSafeInteger(n) && n >= 1) || ![margin, spacing].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    return { ok: false, problem: 'Cells need a whole width and height of at least 1 px; margin and spacing whole numbers of at least 0.' };
  }
  const across = image.width < margin + w ? 0 : Math.floor((image.width - margin - w) / (w + spacing)) + 1;
  const down = image.height < margin + h ? 0 : Math.floor((image.height - margin - h) / (h + spacing)) + 1;
  if (!across || !down) return { ok: false, problem: `No cell of ${w} × ${h} px fits the ${image.width} × ${image.height} image with a margin of ${margin} px.` };
  if (across * down > MAX_SHEET_FRAMES) return { ok: false, problem: `Cells of ${w} × ${h} px make ${across * down} cells; Restyle takes at most ${MAX_SHEET_FRAMES}.` };
  const data = 'data' in image ? image.data : undefined;
  const frames: SheetFrame[] = [];
  for (let row = 0; row < down; row++) {
    for (let column = 0; column < across; column++) {
      const x = margin + column * (w + spacing), y = margin + row * (h + spacing);
      if (data && isEmpty(data, image.width, x, y, w, h)) continue;
      frames.push({ name: `cell ${row * across + column}`, frame: { x, y, w, h }, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w, h }, sourceSize: { w, h } });
    }
  }
  if (!frames.length) return { ok: false, problem: `Every ${w} × ${h} px cell of the image is fully transparent.` };
  return { ok: true, frames };
}

function isEmpty(data: Uint8Array, width: number, x0: number, y0: number, w: number, h: number): boolean {
  for (let y = y0; y < y0 + h; y++) for (let x = x0, i = (y * width + x0) * 4 + 3; x < x0 + w; x++, i += 4) if (data[i] !== 0) return false;
  return true;
}
