/**
 * Turns the service's answer into the saved variant: at the source's exact size (cells picked for
 * pixel art, smooth for photos), with the source's alpha and, when asked, its palette. With
 * `outputSize: 'generated'` the answer is kept byte for byte.
 */
import { applyAlpha } from './alpha';
import { decodeImage, readHeader } from './decode';
import { encodeJpeg, encodePng } from './encode';
import { mapToPalette } from './palette';
import type { FinishKeep } from './prepare';
import { savedFormat, type OutputSize, type VariantFacts, type VariantFormat, type VariantOptions } from '../shared/route';
import type { Raster } from './raster';
import { scaleArea, scaleBilinear, scaleCellPick } from './scale';
import { finishTile } from './tile/tileFinish';

export type { OutputSize, VariantFormat };

/** The format the user picked is `format`; PNG replaces JPEG when transparency is kept. */
export type FinishOptions = VariantOptions;

export interface Finished extends VariantFacts {
  readonly bytes: Uint8Array;
}

const JPEG_QUALITY_SAVED = 92;



function resize(answer: Raster, keep: FinishKeep): Raster {
  if (answer.width === keep.width && answer.height === keep.height) return answer;
  if (keep.pixelArt) return scaleCellPick(answer, keep.width, keep.height);
  const shrinking = keep.width <= answer.width && keep.height <= answer.height;
  return shrinking ? scaleArea(answer, keep.width, keep.height) : scaleBilinear(answer, keep.width, keep.height);
}

export async function finishVariant(answer: Uint8Array, keep: FinishKeep, options: FinishOptions): Promise<Finished> {
  if (options.outputSize === 'generated') {
    const header = readHeader(answer);
    const format: VariantFormat = header?.format === 'jpeg' ? 'jpeg' : 'png';
    return { bytes: answer, format, width: header?.width ?? 0, height: header?.height ?? 0, transparencyKept: false, paletteKept: false, asGenerated: true };
  }
  const decoded = await decodeImage(answer, "Segmind's answer");
  const paletteKept = options.keepPalette && keep.palette !== undefined;
  const format = savedFormat(keep.alpha !== undefined, options);
  const transparencyKept = format === 'png' && options.keepTransparency && keep.alpha !== undefined;
  let variant: Raster;
  if (keep.tile) {
    // A seamless tile: the centre of its wrap-around, the seam repaired inside the edge band.
    variant = finishTile(decoded.raster, keep.tile, { pixelArt: keep.pixelArt, keepPalette: paletteKept, ...(paletteKept ? { palette: keep.palette } : {}), ...(transparencyKept ? { alpha: keep.alpha } : {}) });
  } else {
    variant = resize(decoded.raster, keep);
    if (paletteKept) mapToPalette(variant, keep.palette!);
    if (transparencyKept) applyAlpha(variant, keep.alpha!);
  }
  const bytes = format === 'png' ? encodePng(variant) : await encodeJpeg(variant, JPEG_QUALITY_SAVED);
  return { bytes, format, width: variant.width, height: variant.height, transparencyKept, paletteKept, asGenerated: false };
}
