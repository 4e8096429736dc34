/**
 * The variant's pixels from the service's answer (or a plate's crop of it), as every route finishes
 * them: at the source's exact size (cells picked for pixel art, smooth for photos), or for a seamless
 * tile its centre with the seam repaired; then the source's palette and alpha when they are kept.
 */
import { applyAlpha } from './alpha';
import { mapToPalette } from './palette';
import type { Raster } from './raster';
import { scaleAnswerTo } from './scale';
import { finishTile } from './tile/tileFinish';
import type { TileInfo } from './tile/tilePlan';

/** What finishing needs from the source (a file, or one cell of a set); alpha and palette only when there is something to keep. */
export interface FinishKeep {
  readonly width: number;
  readonly height: number;
  readonly pixelArt: boolean;
  /** One byte per pixel, present only when the source has transparency. */
  readonly alpha?: Uint8Array;
  /** Packed 0xRRGGBB colours, present only when the source has at most 256. */
  readonly palette?: Uint32Array;
  /** When sent as a seamless tile: where the tile sits in its wrap-around, for cutting the centre and repairing the seam. */
  readonly tile?: TileInfo;
}

/** Which of the source's colours and alpha go back into the variant (each only when `keep` has it). */
export interface Kept {
  readonly palette: boolean;
  readonly alpha: boolean;
}

/** The variant at the source's size; `answer` may be changed in place (pass a copy if it is needed again). */
export function finishRaster(answer: Raster, keep: FinishKeep, kept: Kept): Raster {
  const palette = kept.palette ? keep.palette : undefined;
  const alpha = kept.alpha ? keep.alpha : undefined;
  if (keep.tile) {
    return finishTile(answer, keep.tile, { pixelArt: keep.pixelArt, keepPalette: !!palette, ...(palette ? { palette } : {}), ...(alpha ? { alpha } : {}) });
  }
  const variant = scaleAnswerTo(answer, keep.width, keep.height, keep.pixelArt);
  if (palette) mapToPalette(variant, palette);
  if (alpha) applyAlpha(variant, alpha);
  return variant;
}
