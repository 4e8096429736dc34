/**
 * Turns the service's answer into the saved variant: at the source's exact size (cells picked for
 * pixel art, smooth for photos), with the source's alpha and, when asked, its palette. With
 * `outputSize: 'generated'` the answer is kept byte for byte.
 */
import { decodeImage, readHeader } from './decode';
import { encodeJpeg, encodePng } from './encode';
import { finishRaster, type FinishKeep } from './finishRaster';
import { savedFormat, type OutputSize, type VariantFacts, type VariantFormat, type VariantOptions } from '../shared/route';

export type { OutputSize, VariantFormat };

/** The format the user picked is `format`; PNG replaces JPEG when transparency is kept. */
export type FinishOptions = VariantOptions;

export interface Finished extends VariantFacts {
  readonly bytes: Uint8Array;
}

const JPEG_QUALITY_SAVED = 92;

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
  const variant = finishRaster(decoded.raster, keep, { palette: paletteKept, alpha: transparencyKept });
  const bytes = format === 'png' ? encodePng(variant) : await encodeJpeg(variant, JPEG_QUALITY_SAVED);
  return { bytes, format, width: variant.width, height: variant.height, transparencyKept, paletteKept, asGenerated: false };
}
