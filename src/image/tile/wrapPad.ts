/**
 * A tile with its own wrap-around around it, and the way back: where the tile's centre lies in the
 * service's answer (which comes at its own size, about one megapixel at the sent aspect).
 * Pure arithmetic on rasters.
 */
import { createRaster, type Raster } from '../raster';
import type { Size } from '../plan';

export interface Pad {
  /** Columns of wrap-around added on the left and on the right. */
  readonly x: number;
  /** Rows of wrap-around added above and below. */
  readonly y: number;
}

/** A rectangle inside a raster. */
export interface Region extends Size {
  readonly x: number;
  readonly y: number;
}

/** The wrap-around added on each side: a quarter of the tile (rounded up), so a 32 px tile becomes 48 px. */
export function padFor(tile: Size): Pad {
  return { x: Math.ceil(tile.width / 4), y: Math.ceil(tile.height / 4) };
}

function pixels(r: Raster): Uint32Array {
  const aligned = r.data.byteOffset % 4 === 0 ? r.data : r.data.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, r.width * r.height);
}

/**
 * The tile repeated around itself (toroidally): `pad.x` columns of its right edge on the left, of
 * its left edge on the right, and the same for rows, corners from the opposite corners.
 */
export function wrapPad(tile: Raster): { raster: Raster; pad: Pad } {
  const { width, height } = tile;
  const pad = padFor(tile);
  const outWidth = width + 2 * pad.x;
  const outHeight = height + 2 * pad.y;
  const out = createRaster(outWidth, outHeight);
  const source = pixels(tile);
  const target = pixels(out);
  const columns = new Int32Array(outWidth);
  for (let x = 0; x < outWidth; x++) columns[x] = (((x - pad.x) % width) + width) % width;
  for (let y = 0; y < outHeight; y++) {
    const from = ((((y - pad.y) % height) + height) % height) * width;
    const row = y * outWidth;
    for (let x = 0; x < outWidth; x++) target[row + x] = source[from + columns[x]];
  }
  return { raster: out, pad };
}

/**
 * Where the tile's centre lies in an answer of `answer`'s size, sent as `padded`: each axis mapped by
 * its own ratio (the answer's real size over the padded size), edges rounded to whole pixels.
 */
export function centreRegion(answer: Size, padded: Size, pad: Pad, tile: Size): Region {
  const sx = answer.width / padded.width;
  const sy = answer.height / padded.height;
  const x = Math.round(pad.x * sx);
  const y = Math.round(pad.y * sy);
  const right = Math.max(x + 1, Math.round((pad.x + tile.width) * sx));
  const bottom = Math.max(y + 1, Math.round((pad.y + tile.height) * sy));
  return { x, y, width: Math.min(answer.width, right) - x, height: Math.min(answer.height, bottom) - y };
}

/** A copy of one rectangle of `src`. */
export function crop(src: Raster, region: Region): Raster {
  const out = createRaster(region.width, region.height);
  const rowBytes = region.width * 4;
  for (let y = 0; y < region.height; y++) {
    const from = ((region.y + y) * src.width + region.x) * 4;
    out.data.set(src.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return out;
}

/**
 * The tile's centre cut out of the answer, at the answer's scale (the caller scales it to the tile's
 * size, or repairs the seam with `repairSeam(answer, centreRegion(...))` to keep the answer's size).
 */
export function cutCentre(answer: Raster, padded: Size, pad: Pad, tile: Size): Raster {
  return crop(answer, centreRegion(answer, padded, pad, tile));
}
