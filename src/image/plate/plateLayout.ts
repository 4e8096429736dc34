/**
 * Lays out the cells of a set on plates: each cell scaled by one whole factor so it gets at least
 * `cellPixels` on its long side, separated by neutral gutters and framed by a margin as wide, in plates
 * of at most one megapixel (what the service answers, so a cell keeps about its plate size in the
 * answer), both sides at least 64 px, at most 4:1 and as near square as the cells allow. Cells keep
 * their order; frames of one group stay on one plate where they fit. Pure arithmetic.
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
  /** The cell's size on the plate: its own size × `factor` (rounded, for a photo scaled down). */
  readonly width: number;
  readonly height: number;
  /** A whole number ≥ 1, except for a photo larger than a plate (then below 1). */
  readonly factor: number;
  /** Scaled nearest (crisp blocks) when true, smoothly otherwise. */
  readonly pixelArt: boolean;
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
  /** `restyle.plateCellPixels`: the least long side a cell gets on the plate (64 to 1024). */
  readonly cellPixels: number;
}

/** The largest plate, in pixels: the service answers about this many, so no cell shrinks in the answer. */
export const MAX_PLATE_PIXELS = TARGET_PIXELS;
/** The widest plate: long side / short side. */
export const MAX_PLATE_ASPECT = 4;
/** The longest side any plate can have within both limits (2048 px). */
const MAX_PLATE_SIDE = Math.floor(Math.sqrt(MAX_PLATE_PIXELS * MAX_PLATE_ASPECT));
/**
 * How much a plate's score grows per unit of aspect ratio above 1:1 (near square preferred, but not at
 * the price of empty slots: 8 cells go 4 × 2 rather than 3 × 3), and ten times more per unit above 2:1,
 * as the model does best near square (a strip of mixed cells goes two by two rather than 3.3:1).
 */
const ASPECT_WEIGHT = 0.05;
const WIDE_ASPECT = 2;
const WIDE_WEIGHT = 0.5;

/**
 * Neutral grey between cells and around them: a tenth of a cell, at least 16 px (26 px at 256).
 * SD3 works on latents of 8 × 8 px taken two by two (tokens of 16 × 16 px): from 16 px up, no token and
 * no latent ever holds pixels of two cells, wherever the grid falls, and 26 px always leaves at least
 * two whole latents of pure grey between neighbours. The cut rounds inwards, so whatever the model
 * paints into a gutter is never kept. Wider costs cells: at 256 px, twelve cells
 * (4 × 3, 1154 × 872) fit one megapixel up to a 30 px gutter.
 */
export function gutterFor(cellPixels: number): number {
  return Math.max(16, Math.ceil(cellPixels / 10));
}

/** The plate for content (margins included) of this size: grey added to reach 64 px a side and 4:1 at most. */
export function plateSize(width: number, height: number): { width: number; height: number } {
  let w = Math.max(MIN_SIDE_PX, width);
  let h = Math.max(MIN_SIDE_PX, height);
  if (w > MAX_PLATE_ASPECT * h) h = Math.ceil(w / MAX_PLATE_ASPECT);
  else if (h > MAX_PLATE_ASPECT * w) w = Math.ceil(h / MAX_PLATE_ASPECT);
  return { width: w, height: h };
}

function fitsAlone(width: number, height: number, gutter: number): boolean {
  const size = plateSize(width + 2 * gutter, height + 2 * gutter);
  return size.width * size.height <= MAX_PLATE_PIXELS;
}

interface Sized {
  readonly cell: number;
  readonly w: number;
  readonly h: number;
  readonly factor: number;
  readonly pixelArt: boolean;
}

/** A cell's size on the plate: one whole factor up to `cellPixels`, less if it would not fit a plate alone; a large photo scaled down. */
function scaleCell(c: PlateCellInput, cell: number, cellPixels: number, gutter: number): Sized {
  const { width, height, pixelArt } = c;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`Cell ${cell} says it is ${width} × ${height} px.`);
  const long = Math.max(width, height);
  let factor = Math.max(1, Math.ceil(cellPixels / long));
  while (factor > 1 && !fitsAlone(width * factor, height * factor, gutter)) factor--;
  if (fitsAlone(width * factor, height * factor, gutter)) return { cell, w: width * factor, h: height * factor, factor, pixelArt };
  if (pixelArt) {
    throw new RangeError(`A pixel-art cell of ${width} × ${height} px does not fit on a plate (at most ${MAX_PLATE_PIXELS} pixels, ${MAX_PLATE_ASPECT}:1) even at its own size; restyle it alone.`);
  }
  // A photo larger than a plate: the longest side (in whole pixels) that still fits, smoothly down.
  const sized = (side: number) => ({ w: Math.max(1, Math.round((width * side) / long)), h: Math.max(1, Math.round((height * side) / long)) });
  let lo = 1;
  let hi = long - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const s = sized(mid);
    if (fitsAlone(s.w, s.h, gutter)) lo = mid;
    else hi = mid - 1;
  }
  return { cell, ...sized(lo), factor: lo / long, pixelArt };
}

interface Packed {
  readonly width: number;
  readonly height: number;
  readonly placements: PlatePlacement[];
}

/** Shelf packing of `cells` in order, in rows of at most `maxWidth` (a cell wider than that gets a row alone); margins included. */
function shelve(cells: readonly Sized[], maxWidth: number, gutter: number): Packed {
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
    placements.push({ cell: c.cell, x, y, width: c.w, height: c.h, factor: c.factor, pixelArt: c.pixelArt });
    x += c.w + gutter;
    rowHeight = Math.max(rowHeight, c.h);
    width = Math.max(width, x);
  }
  return { width, height: y + rowHeight + gutter, placements };
}

/**
 * The best plate for exactly these cells, or undefined when none keeps the limits. The row widths tried
 * are those of a first row of 1, 2, … cells; the score is the plate's area (the smaller, the more of the
 * answer each cell gets) weighted by its aspect ratio; ties go to the wider plate.
 */
function pack(cells: readonly Sized[], gutter: number): PlateLayout | undefined {
  let best: PlateLayout | undefined;
  let bestScore = Infinity;
  let rowWidth = gutter;
  for (let k = 0; k < cells.length; k++) {
    rowWidth += cells[k].w + gutter;
    if (k > 0 && rowWidth > MAX_PLATE_SIDE) break;
    const packed = shelve(cells, rowWidth, gutter);
    const size = plateSize(packed.width, packed.height);
    const area = size.width * size.height;
    if (area > MAX_PLATE_PIXELS) continue;
    const aspect = Math.max(size.width, size.height) / Math.min(size.width, size.height);
    const score = area * (1 + ASPECT_WEIGHT * (aspect - 1) + WIDE_WEIGHT * Math.max(0, aspect - WIDE_ASPECT));
    if (score < bestScore - 1e-6 || (best && Math.abs(score - bestScore) <= 1e-6 && size.height < best.height)) {
      bestScore = score;
      best = centred(packed, size);
    }
  }
  return best;
}

/** The packing moved into the middle of its (possibly padded) plate, with its grid when the cells are equal. */
function centred(packed: Packed, size: { width: number; height: number }): PlateLayout {
  const dx = (size.width - packed.width) >> 1;
  const dy = (size.height - packed.height) >> 1;
  const placements = packed.placements.map((p) => ({ ...p, x: p.x + dx, y: p.y + dy }));
  const first = placements[0];
  const equal = placements.every((p) => p.width === first.width && p.height === first.height);
  if (!equal) return { ...size, placements };
  const rows = new Set(placements.map((p) => p.y)).size;
  return { ...size, placements, columns: placements.filter((p) => p.y === first.y).length, rows };
}

/** How many of `cells`, from the first, fit one plate (at least 1). Fitting is monotone in the count, so a binary search finds it. */
function mostThatFit(cells: readonly Sized[], gutter: number): number {
  let lo = 1;
  let hi = 2;
  while (hi <= cells.length && pack(cells.slice(0, hi), gutter)) {
    lo = hi;
    hi *= 2;
  }
  hi = Math.min(hi, cells.length + 1); // lo fits, hi does not (or is past the end)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pack(cells.slice(0, mid), gutter)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Plates for these cells: as few as fit, every cell on exactly one, in order. Throws a RangeError for a
 * cell of no size, or a pixel-art cell too large for any plate (a larger photo is scaled down instead).
 */
export function layoutPlates(cells: readonly PlateCellInput[], options: PlateOptions): PlateLayout[] {
  const gutter = gutterFor(options.cellPixels);
  const sized = cells.map((c, i) => scaleCell(c, i, options.cellPixels, gutter));
  const group = (s: Sized) => cells[s.cell].group;
  const plates: PlateLayout[] = [];
  let pending = sized;
  while (pending.length) {
    let count = mostThatFit(pending, gutter);
    const tag = count < pending.length ? group(pending[count]) : undefined;
    if (tag !== undefined && group(pending[count - 1]) === tag) {
      // The plate would split a group: when the whole group fits one plate, it starts the next one instead.
      let start = count;
      while (start > 0 && group(pending[start - 1]) === tag) start--;
      let end = count;
      while (end < pending.length && group(pending[end]) === tag) end++;
      if (start > 0 && pack(pending.slice(start, end), gutter)) count = start;
    }
    plates.push(pack(pending.slice(0, count), gutter)!);
    pending = pending.slice(count);
  }
  return plates;
}
