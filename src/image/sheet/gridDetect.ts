/**
 * A sheet without JSON: a grid found from fully transparent gutters (rows and columns that are alpha 0
 * across the whole image), or one the user sets (Cells, Margin, Spacing). Frames come out in reading order.
 */
import type { Raster } from '../raster';
import type { SheetFrame } from './sheetJson';

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

/** Runs of non-empty lines: [start, end) of each band between transparent gutters. */
function bands(empty: readonly boolean[]): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  empty.forEach((e, i) => {
    if (!e && start < 0) start = i;
    if (e && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  });
  if (start >= 0) out.push([start, empty.length]);
  return out;
}

/** The grid spacing that explains these bands: equal pitch and a common cell size (bands may be narrower than the cell). */
function regular(found: [number, number][], size: number): { cell: number; margin: number; spacing: number; count: number } | undefined {
  if (found.length < 1) return undefined;
  if (found.length === 1) return found[0][0] === 0 && found[0][1] === size ? { cell: size, margin: 0, spacing: 0, count: 1 } : undefined;
  const pitch = found[1][0] - found[0][0];
  if (pitch <= 0 || found.some(([s], i) => s - found[0][0] !== i * pitch)) return undefined;
  const cell = Math.max(...found.map(([s, e]) => e - s));
  const spacing = pitch - cell;
  if (spacing <= 0) return undefined;
  return { cell, margin: found[0][0], spacing, count: found.length };
}

export function detectGrid(raster: Raster): GridGuess | undefined {
  const { width, height, data } = raster;
  const emptyColumn = new Array<boolean>(width).fill(true);
  const emptyRow = new Array<boolean>(height).fill(true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4 + 3] !== 0) {
        emptyColumn[x] = false;
        emptyRow[y] = false;
      }
    }
  }
  const columns = regular(bands(emptyColumn), width);
  const rows = regular(bands(emptyRow), height);
  if (!columns || !rows || columns.count * rows.count < 2) return undefined;
  return { cellWidth: columns.cell, cellHeight: rows.cell, margin: Math.min(columns.margin, rows.margin), spacing: Math.min(columns.spacing, rows.spacing), columns: columns.count, rows: rows.count };
}

/** The frames of a grid over an image; cells that are fully transparent are skipped when the raster is given. */
export function gridFrames(image: Raster | { width: number; height: number }, spec: GridSpec): { ok: true; frames: SheetFrame[] } | { ok: false; problem: string } {
  const { cellWidth: w, cellHeight: h, margin, spacing } = spec;
  if (![w, h].every((n) => Number.isSafeInteger(n) && n >= 1) || ![margin, spacing].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    return { ok: false, problem: 'Cells need a whole width and height of at least 1 px; margin and spacing at least 0.' };
  }
  const frames: SheetFrame[] = [];
  const data = 'data' in image ? image.data : undefined;
  for (let y = margin; y + h <= image.height; y += h + spacing) {
    for (let x = margin; x + w <= image.width; x += w + spacing) {
      if (data && isEmpty(data, image.width, x, y, w, h)) continue;
      const rect = { x, y, w, h };
      frames.push({ name: `cell ${frames.length}`, frame: rect, rotated: false, trimmed: false, spriteSourceSize: { x: 0, y: 0, w, h }, sourceSize: { w, h } });
    }
  }
  if (!frames.length) return { ok: false, problem: `No cell of ${w} × ${h} px fits the ${image.width} × ${image.height} image with that margin.` };
  return { ok: true, frames };
}

function isEmpty(data: Uint8Array, width: number, x0: number, y0: number, w: number, h: number): boolean {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (data[(y * width + x) * 4 + 3] !== 0) return false;
  return true;
}
