/**
 * Decides how a source travels: the size it is sent at and how it gets there. Pure arithmetic.
 * The service (Stability's SD3 behind Segmind) refuses sides under 64 px and bodies over 10 MiB,
 * and answers about one megapixel whatever it is sent.
 */
import { SD3_TURBO } from '../models/sd3Turbo';

export interface Size {
  readonly width: number;
  readonly height: number;
}

export const MIN_SIDE_PX = SD3_TURBO.limits.minSidePx;
/** Pixel art is scaled up by a whole factor to as close to this long side as the factor allows. */
export const TARGET_LONG_SIDE_PX = 1024;
/** Oversize sources are fitted down to about this many pixels (what the service answers anyway). */
export const TARGET_PIXELS = SD3_TURBO.limits.answerPixels;
/** Above this many pixels a source is fitted down instead of sent as it is. */
export const MAX_SENT_PIXELS = 4 * 1024 * 1024;
/** The largest source Restyle decodes at all. */
export const MAX_SOURCE_PIXELS = 50_000_000;
/** Pixel art: at most this long a side and at most MAX_PALETTE_COLOURS colours. */
export const PIXEL_ART_MAX_SIDE_PX = 512;
/** Stability's limit on the request body. */
export const MAX_REQUEST_BYTES = SD3_TURBO.limits.maxRequestBytes;
/** Room in the request for the JSON around the base64 image and the prompt. */
const JSON_OVERHEAD_BYTES = 16 * 1024;
/** The largest image whose base64 still fits in one request. */
export const MAX_IMAGE_BYTES = Math.floor(((MAX_REQUEST_BYTES - JSON_OVERHEAD_BYTES) / 4) * 3);

export type Route =
  /** Each source pixel becomes a `factor` × `factor` block (nearest neighbour). */
  | { readonly kind: 'pixelArt'; readonly factor: number; readonly send: Size }
  /** A small photo scaled up smoothly to the 64 px minimum. */
  | { readonly kind: 'smoothUp'; readonly send: Size }
  /** Sent at its own size. */
  | { readonly kind: 'asIs'; readonly send: Size }
  /** Too large in pixels or bytes: scaled down smoothly to about one megapixel. */
  | { readonly kind: 'fitDown'; readonly send: Size };

export type RoutePlan = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly problem: string };

export interface RouteInput extends Size {
  /** True when the source has at most MAX_PALETTE_COLOURS colours. */
  readonly fewColours: boolean;
  /** Size of the bytes that would be sent as they are (the file, or its re-encoding). */
  readonly bytes: number;
}

export function isPixelArt(size: Size, fewColours: boolean): boolean {
  return fewColours && Math.max(size.width, size.height) <= PIXEL_ART_MAX_SIDE_PX;
}

function fitToPixels(size: Size, pixels: number): Size {
  const scale = Math.sqrt(pixels / (size.width * size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

function tooNarrow(size: Size): RoutePlan {
  return {
    ok: false,
    problem: `is ${size.width} × ${size.height} px: too long and narrow for the service, which needs at least ${MIN_SIDE_PX} px on each side in an image of at most about 4 megapixels. Crop it first.`,
  };
}

/** The route for a source of this size; `problem` (when not ok) follows the file name in a sentence. */
export function planRoute(input: RouteInput): RoutePlan {
  const { width, height } = input;
  if (width < 1 || height < 1) return { ok: false, problem: `says it is ${width} × ${height} px.` };
  if (width * height > MAX_SOURCE_PIXELS) {
    return { ok: false, problem: `is ${width} × ${height} px (${(width * height / 1e6).toFixed(0)} megapixels): Restyle handles up to ${MAX_SOURCE_PIXELS / 1e6} megapixels.` };
  }
  const shortSide = Math.min(width, height);
  const longSide = Math.max(width, height);

  if (isPixelArt(input, input.fewColours)) {
    const factor = Math.max(Math.ceil(MIN_SIDE_PX / shortSide), Math.floor(TARGET_LONG_SIDE_PX / longSide), 1);
    const send = { width: width * factor, height: height * factor };
    if (send.width * send.height > MAX_SENT_PIXELS) return tooNarrow(input);
    return { ok: true, route: { kind: 'pixelArt', factor, send } };
  }
  if (shortSide < MIN_SIDE_PX) {
    const scale = MIN_SIDE_PX / shortSide;
    const send = { width: Math.max(MIN_SIDE_PX, Math.ceil(width * scale)), height: Math.max(MIN_SIDE_PX, Math.ceil(height * scale)) };
    if (send.width * send.height > MAX_SENT_PIXELS) return tooNarrow(input);
    return { ok: true, route: { kind: 'smoothUp', send } };
  }
  if (width * height > MAX_SENT_PIXELS || input.bytes > MAX_IMAGE_BYTES) {
    // Few pixels but too many bytes (a bloated file): the same size, re-encoded compactly.
    const send = width * height <= TARGET_PIXELS ? { width, height } : fitToPixels(input, TARGET_PIXELS);
    if (Math.min(send.width, send.height) < MIN_SIDE_PX) return tooNarrow(input);
    return { ok: true, route: { kind: 'fitDown', send } };
  }
  return { ok: true, route: { kind: 'asIs', send: { width, height } } };
}
