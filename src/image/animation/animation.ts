/**
 * Animations frame by frame: APNG, animated WebP and GIF decoded into full-canvas frames as a viewer
 * shows them (disposal and blending applied), and written back in the same format with the same
 * frame count, delays and loop count. Pure: no `vscode`; the file system only to load the WebP decoder.
 */
import { ImageDecodeError } from '../errors';
import { loadCodec } from '../wasmCodecs';
import { decodeApng, encodeApng, isAnimatedPng, isPng } from './apng';
import { ascii } from './canvas';
import { decodeGifAnimation, isAnimatedGif, isGif } from './gifDecode';
import { encodeGif } from './gifEncode';
import { AnimationFault } from './limits';
import { decodeWebpAnimation, encodeWebpAnimation, isAnimatedWebp } from './webpAnim';

export { MAX_ANIMATION_PIXELS, MAX_FRAMES } from './limits';

export type { Animation, AnimationFormat, AnimationFrame } from './animationTypes';
import type { Animation } from './animationTypes';

/** True for an APNG (acTL before IDAT), a WebP whose VP8X sets the animation flag, or a GIF with more than one image. */
export function isAnimated(bytes: Uint8Array): boolean {
  return isAnimatedPng(bytes) || isAnimatedWebp(bytes) || isAnimatedGif(bytes);
}

/**
 * Every frame of an animated PNG, WebP or GIF, composited as a viewer shows it; undefined for a still
 * image (or bytes that are none of the three). Throws ImageDecodeError naming `fileName` when the
 * animation is damaged (cut off, a frame outside the canvas, frame chunks out of sequence, a frame
 * count that disagrees with acTL) or too large (more than MAX_FRAMES frames, or more than
 * MAX_ANIMATION_PIXELS pixels over all frames, checked before any frame is decoded).
 */
export async function decodeAnimation(bytes: Uint8Array, fileName: string): Promise<Animation | undefined> {
  const webp = bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP';
  if (webp && !isAnimatedWebp(bytes)) return undefined;
  if (webp) {
    try {
      await loadCodec('webpDecoder');
    } catch (error) {
      throw new Error(`The WebP decoder could not be loaded, so ${fileName} cannot be read.`, { cause: error });
    }
  }
  try {
    if (isPng(bytes)) return decodeApng(bytes);
    if (webp) return await decodeWebpAnimation(bytes);
    if (isGif(bytes)) return decodeGifAnimation(bytes);
    return undefined;
  } catch (error) {
    if (error instanceof AnimationFault) throw new ImageDecodeError(`${fileName} ${error.predicate}.`, { cause: error.cause ?? error });
    throw new ImageDecodeError(`${fileName} is damaged: its animation could not be read.`, { cause: error });
  }
}

/**
 * The animation in its own format: APNG (8-bit RGBA or RGB, delays in 1/1000 s, num_plays), animated
 * WebP (lossless frames, exact pixels, delays in ms, loop count up to 65535) or GIF (up to 256
 * colours per frame, alpha below 128 transparent, delays in 1/100 s, NETSCAPE2.0 loop count).
 * Throws a plain Error for an animation whose frames are not rasters of its size.
 */
export async function encodeAnimation(anim: Animation): Promise<Uint8Array> {
  const { width, height, frames } = anim;
  if (!(width >= 1 && height >= 1) || frames.length === 0) throw new Error(`cannot encode an animation of ${frames.length} frames of ${width} × ${height} px`);
  frames.forEach(({ raster }, i) => {
    if (raster.width !== width || raster.height !== height || raster.data.length !== width * height * 4) {
      throw new Error(`frame ${i + 1} is ${raster.width} × ${raster.height} px, not the animation's ${width} × ${height}`);
    }
  });
  switch (anim.format) {
    case 'apng': return encodeApng(anim);
    case 'webp': return encodeWebpAnimation(anim);
    case 'gif': return encodeGif(anim);
    default: throw new Error(`unknown animation format ${String(anim.format)}`);
  }
}
