/** Transparency: flattening before sending (the service never sees alpha) and putting the source's back. */
import { createRaster, type Raster } from './raster';

/** The one neutral colour transparent pixels are flattened onto, so the model never sees colours hidden under alpha 0. */
export const NEUTRAL_BACKGROUND: readonly [number, number, number] = [128, 128, 128];

/** A fully opaque copy: every pixel composited over `background`. */
export function flattenOnto(src: Raster, background: readonly [number, number, number] = NEUTRAL_BACKGROUND): Raster {
  const out = createRaster(src.width, src.height);
  const s = src.data;
  const d = out.data;
  const [br, bg, bb] = background;
  for (let i = 0; i < s.length; i += 4) {
    const a = s[i + 3];
    if (a === 255) {
      d[i] = s[i]; d[i + 1] = s[i + 1]; d[i + 2] = s[i + 2];
    } else {
      const t = a / 255;
      d[i] = s[i] * t + br * (1 - t) + 0.5;
      d[i + 1] = s[i + 1] * t + bg * (1 - t) + 0.5;
      d[i + 2] = s[i + 2] * t + bb * (1 - t) + 0.5;
    }
    d[i + 3] = 255;
  }
  return out;
}

/** The alpha channel alone, one byte per pixel. */
export function alphaChannel(src: Raster): Uint8Array {
  const alpha = new Uint8Array(src.width * src.height);
  for (let p = 0, i = 3; p < alpha.length; p++, i += 4) alpha[p] = src.data[i];
  return alpha;
}

/** Puts `alpha` (one byte per pixel, same size) on `target` in place; fully transparent pixels get RGB 0. */
export function applyAlpha(target: Raster, alpha: Uint8Array): void {
  if (alpha.length !== target.width * target.height) throw new Error('alpha channel size does not match the image');
  const d = target.data;
  for (let p = 0, i = 0; p < alpha.length; p++, i += 4) {
    const a = alpha[p];
    d[i + 3] = a;
    if (a === 0) d[i] = d[i + 1] = d[i + 2] = 0;
  }
}
