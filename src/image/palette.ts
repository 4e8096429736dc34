/** A source's palette (when it has few colours) and mapping a variant onto it. */
import type { Raster } from './raster';

export const MAX_PALETTE_COLOURS = 256;

/**
 * The distinct RGB colours (packed 0xRRGGBB) of the pixels of `rasters` with at least `minAlpha`, in
 * the order first met, or undefined as soon as there are more than `max`.
 */
export function distinctColours(rasters: readonly Raster[], max: number, minAlpha: number): Uint32Array | undefined {
  const seen = new Set<number>();
  let last = -1;
  for (const { data: d } of rasters) {
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] < minAlpha) continue;
      const colour = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      if (colour === last) continue;
      last = colour;
      if (!seen.has(colour)) {
        seen.add(colour);
        if (seen.size > max) return undefined;
      }
    }
  }
  return Uint32Array.from(seen);
}

/** The distinct RGB colours of the visible pixels (alpha > 0), or undefined as soon as there are more than `max`. */
export function collectPalette(src: Raster, max = MAX_PALETTE_COLOURS): Uint32Array | undefined {
  return distinctColours([src], max, 1);
}

/** Replaces every pixel's RGB (in place) by the nearest palette colour; alpha is untouched. */
export function mapToPalette(target: Raster, palette: Uint32Array): void {
  if (!palette.length) return;
  const reds = palette.map((c) => (c >> 16) & 255);
  const greens = palette.map((c) => (c >> 8) & 255);
  const blues = palette.map((c) => c & 255);
  const cache = new Map<number, number>();
  const d = target.data;
  for (let i = 0; i < d.length; i += 4) {
    const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
    let best = cache.get(key);
    if (best === undefined) {
      let bestDistance = Infinity;
      best = 0;
      for (let p = 0; p < palette.length; p++) {
        // Weighted RGB distance: closer to how far apart colours look than plain RGB.
        const dr = d[i] - reds[p], dg = d[i + 1] - greens[p], db = d[i + 2] - blues[p];
        const distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = p;
        }
      }
      cache.set(key, best);
    }
    d[i] = reds[best]; d[i + 1] = greens[best]; d[i + 2] = blues[best];
  }
}
