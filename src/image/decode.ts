/**
 * Decodes PNG, JPEG and WebP bytes fully into an RGBA raster, or throws an ImageDecodeError with a
 * sentence a user can act on. Pure: no `vscode`, no file system except loading the WebP codec.
 */
import * as jpeg from 'jpeg-js';
import { ImageDecodeError } from './errors';
import { jpegFrame, readHeader, sniffFormat, type SourceFormat } from './header';
import { readExifOrientation } from './exifOrientation';
import { applyOrientation } from './orient';
import { decodePngPixels } from './pngDecode';
import type { Raster } from './raster';
import { loadCodec, wasmDecodeJpeg, wasmDecodeWebp, wasmPath } from './wasmCodecs';
import { firstWebpFrame, isAnimatedWebp, placeFrame } from './webpFrames';
import { decodeAnimation } from './animation/animation';

export { ImageDecodeError, readHeader, type SourceFormat };


export interface DecodedImage {
  readonly format: SourceFormat;
  /** The pixels as a viewer shows them: JPEG EXIF orientation already applied, first frame of an animation. */
  readonly raster: Raster;
  /** True for an animated PNG or WebP (only the first frame is in `raster`). */
  readonly animated: boolean;
  /** True when an EXIF orientation turned or mirrored the stored pixels (the raster differs from the file's layout). */
  readonly reoriented: boolean;
}


/** Sources with more pixels than this are refused from their header, before any decoding. */
export const MAX_SOURCE_PIXELS = 50_000_000;

/** Where the WebP decoder's wasm is: beside this script when bundled, else inside node_modules. */
export function defaultWebpWasmPath(): string {
  return wasmPath('webpDecoder');
}

let webpReady: Promise<void> | undefined;

/** A 1 × 1 lossless WebP: decoding it proves the codec loaded. */
const PROBE_WEBP = 'UklGRiAAAABXRUJQVlA4TBQAAAAvAAAAEAdQgVQIIAAKmgLGiIj+Bw==';

/** Loads the WebP decoder from `file` (never fetched); later calls reuse the first successful load. */
export function initWebpCodec(file: string): Promise<void> {
  if (!webpReady) {
    webpReady = (async () => {
      await loadCodec('webpDecoder', file);
      await wasmDecodeWebp(Buffer.from(PROBE_WEBP, 'base64'));
    })();
    webpReady.catch(() => (webpReady = undefined)); // a failed load may be retried
  }
  return webpReady;
}

/** Decodes a whole image; throws ImageDecodeError naming `fileName` when it is empty, not an image, too large or damaged. */
export async function decodeImage(bytes: Uint8Array, fileName: string): Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageDecodeError(`${fileName} is empty.`);
  const format = sniffFormat(bytes);
  if (!format) throw new ImageDecodeError(`${fileName} is not a PNG, JPEG, WebP or GIF image (its contents say otherwise, whatever its name).`);
  const header = readHeader(bytes);
  if (!header) throw damaged(fileName, new Error(`${format} header could not be read`));
  const { width, height } = header;
  if (width === 0 || height === 0) throw new ImageDecodeError(`${fileName} has no pixels: its header says it is ${width} × ${height} px.`);
  if (width * height > MAX_SOURCE_PIXELS) {
    const mp = Math.round((width * height) / 1e5) / 10;
    throw new ImageDecodeError(`${fileName} is too large: ${width} × ${height} px is ${mp} megapixels, more than the ${MAX_SOURCE_PIXELS / 1e6} megapixels that can be restyled.`);
  }
  if (format === 'jpeg') {
    const unsupported = unsupportedJpeg(bytes);
    if (unsupported) throw new ImageDecodeError(`${fileName} is a ${unsupported} JPEG, which cannot be read; save it as an ordinary (baseline or progressive) JPEG.`);
  }
  if (format === 'webp') await loadWebpCodec(fileName);
  if (format === 'gif') return decodeGifFirstFrame(bytes, fileName);
  let decoded: DecodedImage;
  try {
    decoded = format === 'png' ? decodePng(bytes) : format === 'jpeg' ? await decodeJpeg(bytes) : await decodeWebp(bytes);
  } catch (error) {
    throw damaged(fileName, error);
  }
  const { raster } = decoded;
  if (raster.data.length !== raster.width * raster.height * 4) throw damaged(fileName, new Error('decoder returned a wrong pixel count'));
  return decoded;
}

/** Loads the WebP codec from its default place unless already loaded; a failure is this extension's, not the file's. */
async function loadWebpCodec(fileName: string): Promise<void> {
  try {
    await (webpReady ?? initWebpCodec(defaultWebpWasmPath()));
  } catch (error) {
    throw new Error(`The WebP decoder could not be loaded, so ${fileName} cannot be read.`, { cause: error });
  }
}

function damaged(fileName: string, cause: unknown): ImageDecodeError {
  return new ImageDecodeError(`${fileName} is damaged: its image data could not be read.`, { cause });
}

// ------------------------------------------------------------------ per format

/** A GIF is restyled as an animation (src/image/set); as one picture, its first frame stands for it. */
async function decodeGifFirstFrame(bytes: Uint8Array, fileName: string): Promise<DecodedImage> {
  const animation = await decodeAnimation(bytes, fileName);
  if (!animation) throw new ImageDecodeError(`${fileName} is a GIF of one frame: Restyle reads GIF animations; save a still image as PNG.`);
  return { format: 'gif', raster: animation.frames[0].raster, animated: true, reoriented: false };
}

function decodePng(bytes: Uint8Array): DecodedImage {
  const { raster, animated } = decodePngPixels(bytes);
  return { format: 'png', raster, animated, reoriented: false };
}

async function decodeJpeg(bytes: Uint8Array): Promise<DecodedImage> {
  const frame = jpegFrame(bytes);
  let stored: Raster;
  if (frame && frame.components !== 4) {
    // libjpeg-turbo only warns about data that ends early (and fills in grey): refuse it here instead.
    if (!hasEndOfImage(bytes)) throw new Error('the JPEG data ends before its end-of-image marker');
    stored = await wasmDecodeJpeg(bytes);
  } else {
    // CMYK and YCCK: libjpeg-turbo cannot turn them into RGB, jpeg-js can (rare, so its speed does not matter).
    // jpeg-js throws on data that ends early (even a missing end marker).
    const image = jpeg.decode(bytes, {
      useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxResolutionInMP: 60, maxMemoryUsageInMB: 1500,
    });
    stored = { width: image.width, height: image.height, data: image.data };
  }
  const orientation = readExifOrientation(bytes);
  return { format: 'jpeg', raster: applyOrientation(stored, orientation), animated: false, reoriented: orientation !== 1 };
}

/** True when an end-of-image marker follows the first scan (inside entropy-coded data 0xFF is always escaped). */
function hasEndOfImage(bytes: Uint8Array): boolean {
  let scan = -1;
  for (let i = 2; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0xda) { scan = i; break; }
  if (scan < 0) return false;
  for (let i = bytes.length - 2; i > scan; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

async function decodeWebp(bytes: Uint8Array): Promise<DecodedImage> {
  if (isAnimatedWebp(bytes)) {
    const frame = firstWebpFrame(bytes);
    return { format: 'webp', raster: placeFrame(frame, await decodeStillWebp(frame.webp)), animated: true, reoriented: false };
  }
  return { format: 'webp', raster: await decodeStillWebp(bytes), animated: false, reoriented: false };
}

async function decodeStillWebp(bytes: Uint8Array): Promise<Raster> {
  return wasmDecodeWebp(bytes); // throws "Decoding error" on damaged or truncated data
}

/** A JPEG kind that jpeg-js cannot decode (described for a person), or undefined for baseline and progressive 8-bit. */
function unsupportedJpeg(bytes: Uint8Array): string | undefined {
  const frame = jpegFrame(bytes);
  if (!frame) return undefined;
  if (frame.marker === 0xc3 || frame.marker === 0xcb) return 'lossless';
  if (frame.marker >= 0xc9) return 'arithmetic-coded';
  if (frame.marker >= 0xc5) return 'hierarchical';
  if (frame.precision !== 8) return `${frame.precision}-bit`;
  return undefined;
}
