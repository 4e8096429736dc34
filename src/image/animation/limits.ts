/**
 * What an animation may be before it is decoded, and the error its decoders throw. The limits guard
 * against decompression bombs: every frame is held as a full RGBA canvas, so an animation costs
 * width × height × frames × 4 bytes however small its file is.
 */

/** More frames than this are refused (a sprite animation has tens; 1024 is over 40 s at 25 fps). */
export const MAX_FRAMES = 1024;

/**
 * The canvas summed over all frames may hold at most this many pixels (200 MB of decoded RGBA), the
 * same budget as one still source (decode.ts MAX_SOURCE_PIXELS): 1024 frames of 220 × 220, or 34 of 1200².
 */
export const MAX_ANIMATION_PIXELS = 50_000_000;

/**
 * A problem with the file, worded to follow its name: "is a damaged animated PNG: …" or "has 2000
 * frames, …". decodeAnimation turns it into an ImageDecodeError naming the file.
 */
export class AnimationFault extends Error {
  constructor(readonly predicate: string, options?: { cause?: unknown }) {
    super(predicate, options);
    this.name = 'AnimationFault';
  }
}

export type AnimationKind = 'animated PNG' | 'animated WebP' | 'animated GIF';

export function damaged(kind: AnimationKind, detail: string, cause?: unknown): AnimationFault {
  return new AnimationFault(`is a damaged ${kind}: ${detail}`, cause === undefined ? undefined : { cause });
}

/** Refuses an empty canvas, more than MAX_FRAMES frames, or more than MAX_ANIMATION_PIXELS pixels in all. */
export function checkBudget(kind: AnimationKind, width: number, height: number, frames: number): void {
  if (width <= 0 || height <= 0) throw damaged(kind, `its canvas is ${width} × ${height} px`);
  if (frames < 1) throw damaged(kind, 'it has no frames');
  if (frames > MAX_FRAMES) {
    throw new AnimationFault(`has ${frames} frames, more than the ${MAX_FRAMES} an animation may have to be restyled`);
  }
  const total = width * height * frames;
  if (total > MAX_ANIMATION_PIXELS) {
    const mp = Math.round(total / 1e5) / 10;
    throw new AnimationFault(
      `is too large: ${frames} frames of ${width} × ${height} px are ${mp} megapixels in all, more than the ${MAX_ANIMATION_PIXELS / 1e6} megapixels an animation may have to be restyled`,
    );
  }
}

/** Refuses a frame rectangle that is empty or does not lie wholly on the canvas. */
export function checkInside(kind: AnimationKind, index: number, x: number, y: number, w: number, h: number, width: number, height: number): void {
  if (w <= 0 || h <= 0) throw damaged(kind, `frame ${index + 1} is ${w} × ${h} px`);
  if (x < 0 || y < 0 || x + w > width || y + h > height) {
    throw damaged(kind, `frame ${index + 1} (${w} × ${h} px at ${x}, ${y}) lies outside the ${width} × ${height} canvas`);
  }
}
