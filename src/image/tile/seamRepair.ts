/**
 * Repairs what seam remains once a tile's centre is cut out of an answer painted with the tile's
 * wrap-around around it. Near each edge the answer holds two renderings of the same tile pixels: the
 * centre's own, and the copy the model painted across the opposite edge (continuing that edge). The
 * variant goes from one to the other inside a band of at most one eighth of the tile along each edge
 * (`seamBand`); everything outside the band is the centre, untouched.
 *
 * Across the band the share of the second rendering rises evenly, so whatever differs between the
 * two (a light that does not wrap, say) is spread over the band instead of meeting at the edge.
 * - Photos: a linear cross-fade.
 * - Pixel art: pixel by pixel, one of the two renderings is chosen, never a mix (no blur, no new
 *   colours: each pixel keeps a colour from a cell of its own source pixel). The choice follows the
 *   same rising share by an ordered (Bayer) dither, the way pixel art fades one shade into another.
 * The last column and the first always take one weight (one choice), so across the wrap-around edge
 * they are neighbours of one painting.
 *
 * Columns first (over the rows the second pass needs), then rows, by the same code on a transpose.
 */
import { createRaster, type Raster } from '../raster';
import type { Region } from './wrapPad';

export interface RepairOptions {
  readonly pixelArt: boolean;
}

/** The edge band along an axis `size` px long: one eighth, rounded down (0 under 8 px: no repair). */
export function seamBand(size: number): number {
  return Math.floor(size / 8);
}

function pixels(r: Raster): Uint32Array {
  const aligned = r.data.byteOffset % 4 === 0 ? r.data : r.data.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, r.width * r.height);
}

function transpose(src: Raster): Raster {
  const out = createRaster(src.height, src.width);
  const s = pixels(src);
  const d = pixels(out);
  for (let y = 0; y < src.height; y++) for (let x = 0, i = y * src.width; x < src.width; x++, i++) d[x * src.height + y] = s[i];
  return out;
}

/** An 8 × 8 ordered-dither (Bayer) matrix: thresholds 0 … 63 spread evenly at every scale. */
const BAYER = [
  0, 32, 8, 40, 2, 34, 10, 42, 48, 16, 56, 24, 50, 18, 58, 26, 12, 44, 4, 36, 14, 46, 6, 38, 60, 28, 52, 20, 62, 30, 54, 22,
  3, 35, 11, 43, 1, 33, 9, 41, 51, 19, 59, 27, 49, 17, 57, 25, 15, 47, 7, 39, 13, 45, 5, 37, 63, 31, 55, 23, 61, 29, 53, 21,
];

/**
 * The share of the right rendering at band position u (−band … band−1), rising across the band. The
 * last column and the first (u = −1 and 0) share one weight, and in pixel art one choice, so they
 * always come from one painting and stay neighbours there.
 */
function weight(u: number, band: number): number {
  return u === -1 || u === 0 ? 0.5 : (u + band + 0.5) / (2 * band);
}

/**
 * The columns pass: rows [y0, y1) of `src`, columns of the centre (from `cx`, `width` wide) with
 * `band` columns repaired on each side of the wrap-around edge. The band must fit beside the centre.
 */
function repairColumns(src: Raster, cx: number, width: number, y0: number, y1: number, band: number, pixelArt: boolean): Raster {
  const rows = y1 - y0;
  const out = createRaster(width, rows);
  for (let r = 0; r < rows; r++) {
    const from = ((y0 + r) * src.width + cx) * 4;
    out.data.set(src.data.subarray(from, from + width * 4), r * width * 4);
  }
  if (band === 0) return out;
  // For u in −band..band−1 (u < 0: column width + u; u ≥ 0: column u), the two renderings:
  // left = the one continuing the centre's right edge, right = the one continuing its left edge.
  const leftAt = (u: number): number => cx + width + u;
  const rightAt = (u: number): number => cx + u;
  const columnOf = (u: number): number => (u < 0 ? width + u : u);
  if (!pixelArt) {
    const s = src.data, d = out.data;
    for (let r = 0; r < rows; r++) {
      const row = (y0 + r) * src.width;
      for (let u = -band; u < band; u++) {
        const t = weight(u, band);
        const a = (row + leftAt(u)) * 4, b = (row + rightAt(u)) * 4, o = (r * width + columnOf(u)) * 4;
        for (let c = 0; c < 4; c++) d[o + c] = s[a + c] + (s[b + c] - s[a + c]) * t + 0.5;
      }
    }
    return out;
  }
  const s = pixels(src);
  const d = pixels(out);
  for (let r = 0; r < rows; r++) {
    const row = (y0 + r) * src.width;
    for (let u = -band; u < band; u++) {
      const column = (u === 0 ? band - 1 : u + band) & 7; // u = 0 takes u = −1's threshold: one choice for both
      const right = weight(u, band) > (BAYER[(r & 7) * 8 + column] + 0.5) / 64;
      d[r * width + columnOf(u)] = s[row + (right ? rightAt(u) : leftAt(u))];
    }
  }
  return out;
}

/**
 * The tile at `centre`'s size: the centre of `around` (an answer, or an answer scaled to the padded
 * tile's size, holding the tile's wrap-around beside the centre) with its seams repaired inside the
 * edge band. Bands are narrowed to the wrap-around there is.
 */
export function repairSeam(around: Raster, centre: Region, options: RepairOptions): Raster {
  const { x, y, width, height } = centre;
  const bandX = Math.max(0, Math.min(seamBand(width), x, around.width - x - width));
  const bandY = Math.max(0, Math.min(seamBand(height), y, around.height - y - height));
  // Columns over the rows the rows pass reads (its band above and below the centre), then rows.
  const columns = repairColumns(around, x, width, y - bandY, y + height + bandY, bandX, options.pixelArt);
  if (bandY === 0) return columns;
  const rows = repairColumns(transpose(columns), bandY, height, 0, width, bandY, options.pixelArt);
  return transpose(rows);
}
