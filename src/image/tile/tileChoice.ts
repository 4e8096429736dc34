/**
 * Whether a picture (a file, or one cell of a sheet, an animation or a set) is sent as a seamless
 * tile: always under `on`, never under `off`, and under `auto` when the picture itself passes the seam
 * measure (a sprite on a clear background repeats without a seam too, yet is no tile).
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

export function chooseTile(raster: Raster, mode: SeamlessMode | undefined): TileChoice {
  if (!mode || mode === 'off') return { asTile: false };
  const measure = measureSeam(raster);
  const repeats = measure.seamless && !measure.emptyEdges;
  return { asTile: mode === 'on' || repeats, repeats, measure };
}
