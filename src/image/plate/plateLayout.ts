/**
 * Lays out the cells of a set on plates: each cell scaled by one whole factor so it gets at least
 * `cellPixels` on its long side in the answer, separated by neutral gutters, in plates of at most one
 * megapixel (what the service answers, so a cell keeps its plate size in the answer), both sides at
 * least 64 px and near-square. Frames of one group stay on one plate where they fit. Pure arithmetic.
 */
import { MIN_SIDE_PX, TARGET_PIXELS } from '../plan';

export interface PlateCellInput {
  readonly width: number;
  readonly height: number;
  readonly pixelArt: boolean;
  /** A tag: cells of one group go on one plate when they fit together. */
  readonly group?: string;
}

export interface PlatePlacement {
  /** Index of the cell in the input. */
  readonly cell: number;
  readonly x: number;
  readonly y: number;
  /** The cell's size on the plate: its own size × `factor`. */
  readonly width: number;
  readonly height: number;
  readonly factor: number;
}

export interface PlateLayout {
  readonly width: number;
  readonly height: number;
  readonly placements: readonly PlatePlacement[];
  /** For a plate of equal cells, its grid. */
  readonly columns?: number;
  readonly rows?: number;
}

export interface PlateOptions {
  /** `restyle.plateCellPixels`: the least long side a cell gets in the answer (64 to 1024). */
  readonly cellPixels: number;
}

/**
 * Neutral grey between cells and around them. SD3 mixes colour across about an eighth of its
 * working size at strength 0.6; a tenth of a cell (at least 16 px) kept the fake server's blur and a
 * painted-cells answer from reaching a neighbour, and costs a twelfth of the plate.
 */
export function gutterFor(cellPixels: number): number {
  return Math.max(16, Math.ceil(cellPixels / 10));
}

/** The largest plate, in pixels, and the widest aspect ratio allowed. */
const MAX_PLATE_PIXELS = TARGET_PIXELS;
const MAX_ASPECT = 4;

function factorFor(cell: PlateCellInput, cellPixels: number, gutter: number): number {
  const long = Math.max(cell.width, cell.height);
  let factor = Math.max(1, Math.ceil(cellPixels / long));
  // A single cell must still fit in a plate with its margins.
  while (factor > 1 && (cell.width * factor + 2 * gutter) * (cell.height * factor + 2 * gutter) > MAX_PLATE_PIXELS) factor--;
  return factor;
}

interface Sized {
  readonly cell: number;
  readonly w: number;
  readonly h: number;
  readonly factor: number;
}

/** Shelf packing of `cells` in order, rows of at most `maxWidth`; the plate's size. */
function shelve(cells: readonly Sized[], maxWidth: number, gutter: number): { width: number; height: number; placements: PlatePlacement[] } {
  const placements: PlatePlacement[] = [];
  let x = gutter;
  let y = gutter;
  let rowHeight = 0;
  let width = 0;
  for (const c of cells) {
    if (x > gutter && x + c.w + gutter > maxWidth) {
      y += rowHeight + gutter;
      x = gutter;
      rowHeight = 0;
    }
    placements.push({ cell: c.cell, x, y, width: c.w, height: c.h, factor: c.factor });
    x += c.w + gutter;
    rowHeight = Math.max(rowHeight, c.h);
    width = Math.max(width, x);
  }
  return { width: Math.max(width, MIN_SIDE_PX), height: Math.max(y + rowHeight + gutter, MIN_SIDE_PX), placements };
}

/** The most nearly square shelf packing of these cells that keeps the limits, or undefined when none does. */
function bestPacking(cells: readonly Sized[], gutter: number): PlateLayout | undefined {
  let best: PlateLayout | undefined;
  let bestScore = Infinity;
  const widest = cells.reduce((n, c) => n + c.w + gutter, gutter);
  const narrowest = Math.max(...cells.map((c) => c.w)) + 2 * gutter;
  for (let columns = 1; columns <= cells.length; columns++) {
    const maxWidth = Math.min(widest, Math.max(narrowest, gutter + cells.slice(0, columns).reduce((n, c) => n + c.w + gutter, 0)));
    const packed = shelve(cells, maxWidth, gutter);
    const { width, height } = packed;
    if (width * height > MAX_PLATE_PIXELS || Math.max(width, height) / Math.min(width, height) > MAX_ASPECT) continue;
    const score = Math.max(width, height) / Math.min(width, height) + (width * height) / MAX_PLATE_PIXELS;
    if (score < bestScore) {
      bestScore = score;
      const equal = cells.every((c) => c.w === cells[0].w && c.h === cells[0].h);
      const rows = new Set(packed.placements.map((p) => p.y)).size;
      best = { ...packed, ...(equal ? { columns: Math.ceil(cells.length / rows), rows } : {}) };
    }
  }
  return best;
}

/** Plates for these cells: as few as fit, every cell on exactly one, in order. */
export function layoutPlates(cells: readonly PlateCellInput[], options: PlateOptions): PlateLayout[] {
  const gutter = gutterFor(options.cellPixels);
  const sized: Sized[] = cells.map((c, cell) => {
    const factor = factorFor(c, options.cellPixels, gutter);
    return { cell, w: c.width * factor, h: c.height * factor, factor };
  });
  for (const s of sized) {
    if ((s.w + 2 * gutter) * (s.h + 2 * gutter) > MAX_PLATE_PIXELS) {
      throw new RangeError(`A cell of ${cells[s.cell].width} × ${cells[s.cell].height} px is too large for a shared request; restyle it alone.`);
    }
  }
  const plates: PlateLayout[] = [];
  let pending = sized;
  while (pending.length) {
    // The most cells, in order, that fit one plate; a group that would be split starts the next plate instead.
    let count = 1;
    let layout = bestPacking(pending.slice(0, 1), gutter)!;
    for (let n = 2; n <= pending.length; n++) {
      const next = bestPacking(pending.slice(0, n), gutter);
      if (!next) break;
      count = n;
      layout = next;
    }
    if (count < pending.length) {
      const group = cells[pending[count].cell].group;
      if (group !== undefined && cells[pending[count - 1].cell].group === group) {
        let start = count;
        while (start > 0 && cells[pending[start - 1].cell].group === group) start--;
        if (start > 0) {
          count = start;
          layout = bestPacking(pending.slice(0, count), gutter)!;
        }
      }
    }
    plates.push(layout);
    pending = pending.slice(count);
  }
  return plates;
}
