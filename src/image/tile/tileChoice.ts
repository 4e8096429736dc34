/**
 * Whether a picture (a file, or one cell of a sheet, an animation or a set) is sent as a seamless
 * tile: always under `on`, never under `off`, and under `auto` when the picture itself passes the seam
 * measure and is no sprite: a picture whose border is more than an eighth clear (a sprite on a clear
 * background, an item, a fence) repeats without a seam by that measure too, yet is no tile.
 */
import type { Raster } from '../raster';
import { measureSeam, type SeamMeasure } from './seamMeasure';

/** `restyle.seamless`, or the panel's Seamless tile checkbox. */
export type SeamlessMode = 'auto' | 'on' | 'off';

export interface TileChoice {
  /** Sent with its wrap-around, finished repeating. */
  readonly asTile: boolean;
  /** Whether the picture repeats without a seam; measured only when the mode is not `off`. */
  readonly repeats?: boolean;
  readonly measure?: SeamMeasure;
}

/** The most of a tile's border that may be fully transparent. */
export const MAX_CLEAR_BORDER = 1 / 8;

/** The share of the border's pixels (each counted once) that are fully transparent. */
export function clearBorderShare(raster: Raster): number {
  const { width, height, data } = raster;
  let clear = 0, all = 0;
  const count = (x: number, y: number) => {
    all++;
    if (data[(y * width + x) * 4 + 3] === 0) clear++;
  };
  for (let x = 0; x < width; x++) {
    count(x, 0);
    if (height > 1) count(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    count(0, y);
    if (width > 1) count(width - 1, y);
  }
  return all ? clear / all : 0;
}

export function chooseTile(raster: Raster, mode: SeamlessMode | undefined): TileChoice {
  if (!mode || mode === 'off') return { asTile: false };
  const measure = measureSeam(raster);
  const repeats = measure.seamless && !measure.emptyEdges && clearBorderShare(raster) <= MAX_CLEAR_BORDER;
  return { asTile: mode === 'on' || repeats, repeats, measure };
}
