/**
 * A tile's variant from the service's answer: the answer brought to the padded tile's size (cells
 * picked for pixel art, smooth for photos), the centre kept, its seams repaired inside the edge band,
 * then the palette and the source's alpha, as for any variant.
 */
import { applyAlpha } from '../alpha';
import { mapToPalette } from '../palette';
import type { Raster } from '../raster';
import { scaleAnswerTo } from '../scale';
import { repairSeam } from './seamRepair';
import type { TileInfo } from './tilePlan';
import { centreRegion } from './wrapPad';

export interface TileFinishOptions {
  readonly pixelArt: boolean;
  /** The source's alpha (one byte per tile pixel), put back exactly; omit to keep the variant opaque. */
  readonly alpha?: Uint8Array;
  /** The source's colours (packed 0xRRGGBB), used when `keepPalette`. */
  readonly palette?: Uint32Array;
  readonly keepPalette: boolean;
}

/** The variant at the tile's size: outside the edge band exactly the answer's picture at that size. */
export function finishTile(answer: Raster, info: TileInfo, options: TileFinishOptions): Raster {
  const palette = options.keepPalette ? options.palette : undefined;
  // The answer at the padded tile's size: each axis by its own ratio, as the answer really came.
  let around = scaleAnswerTo(answer, info.padded.width, info.padded.height, options.pixelArt);
  if (palette && options.pixelArt && around === answer) around = { ...answer, data: answer.data.slice() }; // never the caller's pixels
  // Pixel art gets its colours before the cut, so the cut sees the colours it keeps; photos after the blend.
  if (palette && options.pixelArt) mapToPalette(around, palette);
  const variant = repairSeam(around, { x: info.pad.x, y: info.pad.y, ...info.tile }, { pixelArt: options.pixelArt });
  if (palette && !options.pixelArt) mapToPalette(variant, palette);
  if (options.alpha) applyAlpha(variant, options.alpha);
  return variant;
}

/** The variant at the answer's own scale (`outputSize: 'generated'`): the centre, repaired, opaque. */
export function finishTileAtAnswerScale(answer: Raster, info: TileInfo, pixelArt: boolean): Raster {
  return repairSeam(answer, centreRegion(answer, info.padded, info.pad, info.tile), { pixelArt });
}
